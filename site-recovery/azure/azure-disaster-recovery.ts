import type { Policy, ReplicationProtectedItem, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type {
  DisasterRecovery,
  DrFailoverInput,
  DrFailoverResult,
  FailbackInput,
  ProtectionSnapshot,
  RecoveryPointChoice,
  RecoveryPointInfo,
  ReprotectInput,
} from '../disaster-recovery';
import { SiteRecoveryError, type OperationContext, type ReplicatedItemRef } from '../site-recovery';
import { lastSegment, sameArmId } from './arm-ids';
import type { SiteRecoveryClients } from './client';
import type { SiteRecoveryConfig } from './config';
import { applyRecoveryPointInputFor, failbackInputFor, plannedFailoverInputFor, unplannedFailoverInputFor } from './dr-inputs';
import { isNotFound, mappingErrors } from './errors';
import { allows, itemArgs, ItemActions } from './item-actions';
import { stageOf, toProtectionSnapshot } from './protection-snapshot';
import { listRecoveryPoints, recoveryPointIdFor } from './recovery-points';
import { reprotectInputFor } from './reprotect-input';
import { reportedFailoverVmId } from './target-vm';
import type { BeginOptions, PollerLike } from './long-running';

const hasFailedOverBefore = (item: ReplicationProtectedItem | undefined) => item?.properties?.lastSuccessfulFailoverTime !== undefined;

/** Already replicating again after a reprotect: to on-premises (InMageRcmFailback), or to Azure after a failback. */
const reprotected = (item: ReplicationProtectedItem | undefined) =>
  !!item && hasFailedOverBefore(item) && (stageOf(item) === 'Protected' || stageOf(item) === 'ReverseProtected');

/** Back on the primary site: failed back (committed or not), or reprotected to Azure since. */
const failedBack = (item: ReplicationProtectedItem | undefined) =>
  !!item && hasFailedOverBefore(item) && ['FailedBack', 'FailbackCommitted', 'Protected'].includes(stageOf(item));

/**
 * DisasterRecovery on the official SDK (see site-recovery/disaster-recovery.ts for the contract). AzureSiteRecovery
 * extends it, adding migration and disableProtection (the same call as its removeReplication).
 */
export abstract class AzureDisasterRecovery implements DisasterRecovery {
  constructor(
    protected readonly clients: SiteRecoveryClients,
    protected readonly config: SiteRecoveryConfig,
  ) {}

  abstract disableProtection(item: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }>;

  async getProtection(ref: ReplicatedItemRef): Promise<ProtectionSnapshot> {
    const client = this.clientFor(ref);
    const item = await this.actionsFor(client).get(ref);
    return toProtectionSnapshot(item, await this.policyOf(client, ref, item));
  }

  listRecoveryPoints(ref: ReplicatedItemRef): Promise<RecoveryPointInfo[]> {
    return listRecoveryPoints(this.clientFor(ref), ref);
  }

  async failover(ref: ReplicatedItemRef, input: DrFailoverInput, op: OperationContext): Promise<DrFailoverResult> {
    const client = this.clientFor(ref);
    const actions = this.actionsFor(client);
    const name = input.type === 'planned' ? 'plannedFailover' : 'unplannedFailover';
    await actions.run(
      ref,
      {
        name,
        alreadyDone: (item) => item?.properties?.activeLocation === 'Recovery',
        begin: async (options) => {
          const item = await actions.get(ref, op.abortSignal);
          const recoveryPointId = await recoveryPointIdFor(client, ref, input.recoveryPoint);
          const args = itemArgs(ref);
          return input.type === 'planned'
            ? client.replicationProtectedItems.beginPlannedFailover(...args, plannedFailoverInputFor(ref, item, recoveryPointId), options)
            : client.replicationProtectedItems.beginUnplannedFailover(
                ...args,
                unplannedFailoverInputFor(ref, item, { recoveryPointId, shutdownSource: input.shutdownSource ?? false }),
                options,
              );
        },
      },
      op,
    );
    const item = await actions.get(ref, op.abortSignal);
    return {
      type: input.type,
      targetVmId: reportedFailoverVmId(item, 'failover'),
      recoveryPointId: item.properties?.failoverRecoveryPointId,
    };
  }

  async changeRecoveryPoint(
    ref: ReplicatedItemRef,
    choice: RecoveryPointChoice,
    op: OperationContext,
  ): Promise<{ recoveryPointId: string }> {
    const client = this.clientFor(ref);
    const actions = this.actionsFor(client);
    const recoveryPointId = await this.pointFor(client, ref, choice);
    await actions.run(
      ref,
      {
        name: 'changeRecoveryPoint',
        alreadyDone: (item) => sameArmId(item?.properties?.failoverRecoveryPointId, recoveryPointId),
        begin: async (options) =>
          client.replicationProtectedItems.beginApplyRecoveryPoint(
            ...itemArgs(ref),
            applyRecoveryPointInputFor(ref, await actions.get(ref, op.abortSignal), recoveryPointId),
            options,
          ),
      },
      op,
    );
    return { recoveryPointId };
  }

  async commit(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    const client = this.clientFor(ref);
    await this.actionsFor(client).run(
      ref,
      {
        name: 'failoverCommit',
        alreadyDone: (item) => !allows(item, 'Commit'),
        begin: (options) => client.replicationProtectedItems.beginFailoverCommit(...itemArgs(ref), options),
      },
      op,
    );
  }

  reprotect(ref: ReplicatedItemRef, input: ReprotectInput, op: OperationContext): Promise<void> {
    return this.runOnItem(ref, op, 'reprotect', reprotected, (client, item, options) =>
      client.replicationProtectedItems.beginReprotect(...itemArgs(ref), reprotectInputFor(ref, item, input), options),
    );
  }

  failback(ref: ReplicatedItemRef, input: FailbackInput, op: OperationContext): Promise<void> {
    return this.runOnItem(ref, op, 'failback', failedBack, (client, item, options) =>
      client.replicationProtectedItems.beginPlannedFailover(...itemArgs(ref), failbackInputFor(ref, item, input), options),
    );
  }

  /** An action whose input is built from the item as it is when submitted (after any job running on it ended). */
  private async runOnItem(
    ref: ReplicatedItemRef,
    op: OperationContext,
    name: string,
    alreadyDone: (item: ReplicationProtectedItem | undefined) => boolean,
    begin: (client: SiteRecoveryManagementClient, item: ReplicationProtectedItem, options: BeginOptions) => Promise<PollerLike<unknown>>,
  ): Promise<void> {
    const client = this.clientFor(ref);
    const actions = this.actionsFor(client);
    await actions.run(
      ref,
      { name, alreadyDone, begin: async (options) => begin(client, await actions.get(ref, op.abortSignal), options) },
      op,
    );
  }

  /** A named choice resolves to a listed point: "Latest" and "LatestProcessed" to the newest one. */
  private async pointFor(client: SiteRecoveryManagementClient, ref: ReplicatedItemRef, choice: RecoveryPointChoice): Promise<string> {
    const id = await recoveryPointIdFor(client, ref, choice);
    if (id) return id;
    const newest = (await listRecoveryPoints(client, ref))[0];
    if (!newest) {
      throw new SiteRecoveryError('NoRecoveryPoint', `Protected item ${ref.replicatedItemName} has no recovery point to apply`, {
        retryable: false,
      });
    }
    return newest.id;
  }

  /** The item's policy, for its RPO threshold; undefined when it is gone. */
  private async policyOf(
    client: SiteRecoveryManagementClient,
    ref: ReplicatedItemRef,
    item: ReplicationProtectedItem,
  ): Promise<Policy | undefined> {
    const name = lastSegment(item.properties?.policyId ?? '');
    if (!name) return undefined;
    try {
      return await mappingErrors(() => client.replicationPolicies.get(ref.vault.name, ref.vault.resourceGroup, name));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  protected clientFor(ref: ReplicatedItemRef): SiteRecoveryManagementClient {
    return this.clients.forSubscription(ref.vault.subscriptionId);
  }

  protected actionsFor(client: SiteRecoveryManagementClient): ItemActions {
    return new ItemActions(client, this.config.pollIntervalMs);
  }
}
