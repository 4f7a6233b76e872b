import type { ReplicationProtectedItem, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { failoverTypeFor, type FailoverType, type MigrationRequest } from '../../common/migration-request';
import {
  replicatedItemRefFor,
  SiteRecoveryError,
  type OperationContext,
  type PreflightReport,
  type ReplicatedItem,
  type ReplicatedItemRef,
  type ReplicationSnapshot,
  type SiteRecovery,
} from '../site-recovery';
import type { DisasterRecovery } from '../disaster-recovery';
import { policyId, protectableItemId, protectedItemId, protectionContainerId } from './arm-ids';
import { providerInputsFor } from './inputs';
import { AzureDisasterRecovery } from './azure-disaster-recovery';
import { allows, itemArgs, ItemActions } from './item-actions';
import type { BeginOptions, PollerLike } from './long-running';
import { runPreflight } from './preflight';
import { recoveryPointIdFor } from './recovery-points';
import { toReplicationSnapshot } from './replication-snapshot';
import { failoverVmId } from './target-vm';

const DISABLE_PROTECTION_INPUT = (reason: 'MigrationComplete' | 'NotSpecified') => ({
  properties: { disableProtectionReason: reason },
});

const failedOver = (item: ReplicationProtectedItem | undefined) => item?.properties?.activeLocation === 'Recovery';

/** SiteRecovery and DisasterRecovery on the official SDK, against Azure Resource Manager or the emulator. */
export class AzureSiteRecovery extends AzureDisasterRecovery implements SiteRecovery, DisasterRecovery {
  /** Disable protection, reason NotSpecified: the same call as the abort path's removeReplication. */
  disableProtection(ref: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }> {
    return this.removeReplication(ref, op);
  }

  preflight(request: MigrationRequest): Promise<PreflightReport> {
    return runPreflight(this.client(request.vault.subscriptionId), request);
  }

  async enableReplication(request: MigrationRequest, op: OperationContext): Promise<ReplicatedItem> {
    const ref = replicatedItemRefFor(request);
    const client = this.client(ref.vault.subscriptionId);
    const actions = this.actions(client);
    const input = providerInputsFor(request).enable(request, {
      policyId: policyId(request.vault, request.replicationPolicyName),
      protectableItemId:
        request.scenario === 'hyperv-to-azure'
          ? protectableItemId(request.vault, ref.fabricName, ref.protectionContainerName, request.source.protectableItemName)
          : undefined,
      recoveryContainerId:
        request.scenario === 'azure-to-azure'
          ? protectionContainerId(request.vault, request.source.recoveryFabricName, request.source.recoveryProtectionContainerName)
          : undefined,
      cacheStorageAccountId: this.config.cacheStorageAccountId,
    });
    // A 409 because the item exists meanwhile is adopted by run(); any other conflict stands.
    const outcome = await actions.run(
      ref,
      {
        name: 'enable',
        itemMayBeMissing: true,
        alreadyDone: (item) => item !== undefined,
        begin: (options) => client.replicationProtectedItems.beginCreate(...itemArgs(ref), input, options),
      },
      op,
    );
    const item = await actions.find(ref, op.abortSignal);
    if (!item) {
      throw new SiteRecoveryError(
        'ReplicationProtectedItemNotFound',
        `Enable replication of ${ref.replicatedItemName} ended but the protected item does not exist in container ${ref.protectionContainerName}`,
        { retryable: false },
      );
    }
    const settled = (await actions.settle(ref, item, op, 'enable')) ?? item;
    return { ...ref, id: settled.id ?? protectedItemId(ref), adopted: !outcome.submitted };
  }

  async getReplication(ref: ReplicatedItemRef): Promise<ReplicationSnapshot> {
    return toReplicationSnapshot(await this.actions(this.client(ref.vault.subscriptionId)).get(ref));
  }

  async findReplication(ref: ReplicatedItemRef): Promise<ReplicationSnapshot | undefined> {
    const item = await this.actions(this.client(ref.vault.subscriptionId)).find(ref);
    return item && toReplicationSnapshot(item);
  }

  async testFailover(request: MigrationRequest, op: OperationContext): Promise<{ testVmId: string }> {
    const ref = replicatedItemRefFor(request);
    const client = this.client(ref.vault.subscriptionId);
    const actions = this.actions(client);
    await actions.run(
      ref,
      {
        name: 'testFailover',
        alreadyDone: (item) => allows(item, 'TestFailoverCleanup'),
        begin: async (options) => {
          const point = await recoveryPointIdFor(client, ref, request.failover.recoveryPoint);
          return client.replicationProtectedItems.beginTestFailover(
            ...itemArgs(ref),
            providerInputsFor(request).testFailover(request, point),
            options,
          );
        },
      },
      op,
    );
    return { testVmId: failoverVmId(await actions.get(ref, op.abortSignal), request, 'test') };
  }

  async cleanupTestFailover(ref: ReplicatedItemRef, comments: string, op: OperationContext): Promise<void> {
    const client = this.client(ref.vault.subscriptionId);
    await this.actions(client).run(
      ref,
      {
        name: 'testFailoverCleanup',
        alreadyDone: (item) => !allows(item, 'TestFailoverCleanup'),
        begin: (options) =>
          client.replicationProtectedItems.beginTestFailoverCleanup(...itemArgs(ref), { properties: { comments } }, options),
      },
      op,
    );
  }

  async failOver(request: MigrationRequest, op: OperationContext): Promise<{ type: FailoverType; targetVmId: string }> {
    const type = failoverTypeFor(request.scenario);
    const { targetVmId } = type === 'planned' ? await this.plannedFailover(request, op) : await this.unplannedFailover(request, op);
    return { type, targetVmId };
  }

  private async plannedFailover(request: MigrationRequest, op: OperationContext): Promise<{ targetVmId: string }> {
    const { plannedFailover } = providerInputsFor(request);
    if (!plannedFailover) {
      // failoverTypeFor and the provider inputs disagree: a bug, never a request's fault.
      throw new SiteRecoveryError('PlannedFailoverNotSupported', `Scenario ${request.scenario} has no planned failover input`, {
        retryable: false,
      });
    }
    return this.migrationFailover(request, op, 'plannedFailover', async (client, ref, options) => {
      const point = await recoveryPointIdFor(client, ref, request.failover.recoveryPoint);
      return client.replicationProtectedItems.beginPlannedFailover(...itemArgs(ref), plannedFailover(request, point), options);
    });
  }

  private async unplannedFailover(request: MigrationRequest, op: OperationContext): Promise<{ targetVmId: string }> {
    const { recoveryPoint, shutdownSource } = request.failover;
    return this.migrationFailover(request, op, 'unplannedFailover', async (client, ref, beginOptions) => {
      const recoveryPointId = await recoveryPointIdFor(client, ref, recoveryPoint);
      const input = providerInputsFor(request).unplannedFailover(request, { recoveryPointId, shutdownSource });
      return client.replicationProtectedItems.beginUnplannedFailover(...itemArgs(ref), input, beginOptions);
    });
  }

  async completeMigration(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    await this.disable(ref, 'MigrationComplete', op);
  }

  async removeReplication(ref: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }> {
    const outcome = await this.disable(ref, 'NotSpecified', op);
    return { removed: outcome.submitted };
  }

  private async migrationFailover(
    request: MigrationRequest,
    op: OperationContext,
    name: 'plannedFailover' | 'unplannedFailover',
    begin: (client: SiteRecoveryManagementClient, ref: ReplicatedItemRef, options: BeginOptions) => Promise<PollerLike<unknown>>,
  ): Promise<{ targetVmId: string }> {
    const ref = replicatedItemRefFor(request);
    const client = this.client(ref.vault.subscriptionId);
    const actions = this.actions(client);
    await actions.run(ref, { name, alreadyDone: failedOver, begin: (options) => begin(client, ref, options) }, op);
    return { targetVmId: failoverVmId(await actions.get(ref, op.abortSignal), request, 'failover') };
  }

  /** Disable protection (POST .../remove); the SDK calls it "delete". Purge (DELETE) is never used. */
  private disable(ref: ReplicatedItemRef, reason: 'MigrationComplete' | 'NotSpecified', op: OperationContext) {
    const client = this.client(ref.vault.subscriptionId);
    return this.actions(client).run(
      ref,
      {
        name: `disable:${reason}`,
        itemMayBeMissing: true,
        alreadyDone: (item) => item === undefined,
        begin: (options) => client.replicationProtectedItems.beginDelete(...itemArgs(ref), DISABLE_PROTECTION_INPUT(reason), options),
      },
      op,
    );
  }

  private client(subscriptionId: string): SiteRecoveryManagementClient {
    return this.clients.forSubscription(subscriptionId);
  }

  private actions(client: SiteRecoveryManagementClient): ItemActions {
    return new ItemActions(client, this.config.pollIntervalMs);
  }
}
