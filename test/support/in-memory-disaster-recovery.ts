import type { MigrationRequest } from '../../common/migration-request';
import {
  DEFAULT_RPO_THRESHOLD_SECONDS,
  type DisasterRecovery,
  type DrFailoverInput,
  type DrFailoverResult,
  type DrStage,
  type FailbackInput,
  type ProtectionSnapshot,
  type RecoveryPointChoice,
  type RecoveryPointInfo,
  type ReprotectInput,
} from '../../site-recovery/disaster-recovery';
import type { OperationContext, ReplicatedItem, ReplicatedItemRef } from '../../site-recovery/site-recovery';
import { InMemorySiteRecovery, refused } from './in-memory-site-recovery';

interface DrItem {
  scenario: MigrationRequest['scenario'];
  stage: Exclude<DrStage, 'InitialReplication' | 'Transitioning'>;
  rpoSeconds?: number;
  health: string;
  /** The on-premises inputs of the reprotect to the primary site (InMageRcm). */
  reprotectedTo?: ReprotectInput['onPremises'];
  lastFailback?: FailbackInput;
  recoveryPointId?: string;
}

/**
 * The test double of SiteRecovery & DisasterRecovery: the migration double, plus ASR's disaster-recovery state
 * machine for HyperVReplicaAzure and InMageRcm as the port describes it (failover, commit, reprotect to the
 * on-premises site for InMageRcm, failback, commit, reprotect to Azure) with ASR's refusals (planned failover
 * of InMageRcm, failback before commit, InMageRcm failback before reprotect, reprotect without inputs).
 * A test sets RPO and health with setRpo / setHealth.
 */
export class InMemoryDisasterRecovery extends InMemorySiteRecovery implements DisasterRecovery {
  readonly dr = new Map<string, DrItem>();
  rpoThresholdSeconds = DEFAULT_RPO_THRESHOLD_SECONDS;

  setRpo(machineId: string, rpoSeconds: number | undefined): void {
    this.drItem(machineId).rpoSeconds = rpoSeconds;
  }

  setHealth(machineId: string, health: string): void {
    this.drItem(machineId).health = health;
  }

  stageOf(machineId: string): DrItem['stage'] | undefined {
    return this.dr.get(machineId)?.stage;
  }

  override async enableReplication(request: MigrationRequest, op: OperationContext): Promise<ReplicatedItem> {
    const item = await super.enableReplication(request, op);
    if (!this.dr.has(request.machineId))
      this.dr.set(request.machineId, { scenario: request.scenario, stage: 'Protected', health: 'Normal', rpoSeconds: 60 });
    return item;
  }

  override async completeMigration(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    await super.completeMigration(ref, op);
    this.dr.delete(ref.replicatedItemName);
  }

  override async failOver(...args: Parameters<InMemorySiteRecovery['failOver']>): ReturnType<InMemorySiteRecovery['failOver']> {
    const result = await super.failOver(...args);
    const dr = this.dr.get(args[0].machineId);
    if (dr) dr.stage = 'FailedOver';
    return result;
  }

  async getProtection(ref: ReplicatedItemRef): Promise<ProtectionSnapshot> {
    await this.enter('getProtection', ref.replicatedItemName);
    const item = this.itemOrThrow(ref.replicatedItemName);
    const dr = this.drItem(ref.replicatedItemName);
    const inAzure = ['FailedOver', 'FailoverCommitted', 'ReverseProtected'].includes(dr.stage);
    const complete = item.percent >= 100;
    return {
      protectionState: complete ? dr.stage : 'InitialReplicationInProgress',
      replicationHealth: dr.health,
      initialSyncPercent: item.percent,
      initialSyncComplete: complete,
      testFailoverState: item.testVmId ? 'TestFailoverCompleted' : 'None',
      allowedOperations: [],
      healthErrors: [],
      provider: dr.stage === 'ReverseProtected' ? 'InMageRcmFailback' : providerOf(dr.scenario),
      activeLocation: inAzure ? 'Recovery' : 'Primary',
      stage: complete ? dr.stage : 'InitialReplication',
      rpoSeconds: dr.rpoSeconds,
      rpoThresholdSeconds: this.rpoThresholdSeconds,
      rpoThresholdSource: 'default',
    };
  }

  async listRecoveryPoints(ref: ReplicatedItemRef): Promise<RecoveryPointInfo[]> {
    this.itemOrThrow(ref.replicatedItemName);
    return [];
  }

  async failover(ref: ReplicatedItemRef, input: DrFailoverInput, op: OperationContext): Promise<DrFailoverResult> {
    const name = ref.replicatedItemName;
    await this.enter('drFailover', name, op);
    const item = this.itemOrThrow(name);
    const dr = this.drItem(name);
    if (dr.stage === 'FailedOver') return { type: input.type, targetVmId: item.failedOverTo };
    if (dr.stage !== 'Protected') throw refused('FailoverNotAllowed', `Failover is not allowed in state ${dr.stage}.`);
    if (item.testVmId) throw refused('TestFailoverInProgress', 'A test failover is active; clean it up before failing over.');
    if (input.type === 'planned' && dr.scenario !== 'hyperv-to-azure')
      throw refused('PlannedFailoverNotSupported', 'Planned failover to Azure is supported for Hyper-V only.');
    item.failedOverTo = `/subscriptions/${ref.vault.subscriptionId}/resourceGroups/recovered/providers/Microsoft.Compute/virtualMachines/${name}`;
    dr.stage = 'FailedOver';
    dr.recoveryPointId = typeof input.recoveryPoint === 'string' ? undefined : input.recoveryPoint.recoveryPointId;
    return { type: input.type, targetVmId: item.failedOverTo, recoveryPointId: dr.recoveryPointId };
  }

  async changeRecoveryPoint(
    ref: ReplicatedItemRef,
    recoveryPoint: RecoveryPointChoice,
    op: OperationContext,
  ): Promise<{ recoveryPointId: string }> {
    await this.enter('changeRecoveryPoint', ref.replicatedItemName, op);
    const dr = this.drItem(ref.replicatedItemName);
    if (dr.stage !== 'FailedOver') throw refused('ChangePitNotAllowed', `Change recovery point is not allowed in state ${dr.stage}.`);
    dr.recoveryPointId = typeof recoveryPoint === 'string' ? `${recoveryPoint}-point` : recoveryPoint.recoveryPointId;
    return { recoveryPointId: dr.recoveryPointId };
  }

  async commit(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    await this.enter('commit', ref.replicatedItemName, op);
    const dr = this.drItem(ref.replicatedItemName);
    if (dr.stage === 'FailedOver') dr.stage = 'FailoverCommitted';
    else if (dr.stage === 'FailedBack') dr.stage = 'FailbackCommitted';
  }

  /** The migration port's reprotect (item, op) and the DR port's (item, input, op). */
  override async reprotect(
    ref: ReplicatedItemRef,
    inputOrOp: ReprotectInput | OperationContext,
    maybeOp?: OperationContext,
  ): Promise<void> {
    if (maybeOp === undefined) return super.reprotect(ref, inputOrOp as OperationContext);
    const input = inputOrOp as ReprotectInput;
    const name = ref.replicatedItemName;
    await this.enter('drReprotect', name, maybeOp);
    const dr = this.drItem(name);
    const inMage = dr.scenario !== 'hyperv-to-azure';
    if (dr.stage === 'FailoverCommitted' && inMage) {
      if (!input.onPremises)
        throw refused(
          'ReprotectAgentRequired',
          'Reprotect to the on-premises site needs the appliance (reprotectAgentId), a datastore and log storage.',
        );
      dr.reprotectedTo = input.onPremises;
      dr.stage = 'ReverseProtected';
      return;
    }
    if (dr.stage === 'FailbackCommitted') {
      if (inMage && !input.toAzure) throw refused('InvalidReprotectInput', 'Reprotect to Azure needs the process server and policy.');
      dr.stage = 'Protected';
      this.itemOrThrow(name).failedOverTo = undefined;
      return;
    }
    throw refused('ReprotectNotAllowed', `Reprotect is not allowed in state ${dr.stage} (${dr.scenario}).`);
  }

  async failback(ref: ReplicatedItemRef, input: FailbackInput, op: OperationContext): Promise<void> {
    const name = ref.replicatedItemName;
    await this.enter('failback', name, op);
    const dr = this.drItem(name);
    const ready = dr.scenario === 'hyperv-to-azure' ? 'FailoverCommitted' : 'ReverseProtected';
    if (dr.stage === 'FailedOver') throw refused('FailoverNotCommitted', 'Commit the failover before failing back.');
    if (dr.stage !== ready)
      throw refused('FailbackNotAllowed', `Failback is not allowed in state ${dr.stage} (${dr.scenario} fails back from ${ready}).`);
    if (input.provider !== (dr.scenario === 'hyperv-to-azure' ? 'HyperVReplicaAzure' : 'InMageRcm'))
      throw refused('InvalidProviderInput', `Failback input ${input.provider} does not match the item's provider.`);
    dr.lastFailback = input;
    dr.stage = 'FailedBack';
  }

  async disableProtection(ref: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }> {
    await this.enter('disableProtection', ref.replicatedItemName, op);
    this.dr.delete(ref.replicatedItemName);
    return { removed: this.items.delete(ref.replicatedItemName) };
  }

  private drItem(name: string): DrItem {
    this.itemOrThrow(name);
    return this.dr.get(name)!;
  }
}

function providerOf(scenario: MigrationRequest['scenario']): string {
  return scenario === 'hyperv-to-azure' ? 'HyperVReplicaAzure' : scenario === 'azure-to-azure' ? 'A2A' : 'InMageRcm';
}
