import { failoverTypeFor, type FailoverType, type MigrationRequest, type RecoveryPoint } from '../../common/migration-request';
import {
  SiteRecoveryError,
  type OperationContext,
  type PreflightCheck,
  type PreflightReport,
  type ReplicatedItem,
  type ReplicatedItemRef,
  type ReplicationSnapshot,
  type SiteRecovery,
} from '../../site-recovery/site-recovery';

/**
 * A test-only double of SiteRecovery that keeps ASR's rules (no failover during a test failover, no
 * Complete Migration before a failover) and lets a test drive sync progress, inject failures, pause
 * operations and read the calls made.
 */
export type Operation =
  | 'preflight'
  | 'enableReplication'
  | 'getReplication'
  | 'findReplication'
  | 'testFailover'
  | 'cleanupTestFailover'
  | 'plannedFailover'
  | 'unplannedFailover'
  | 'completeMigration'
  | 'removeReplication'
  | 'reprotect'
  // The disaster-recovery half (test/support/in-memory-disaster-recovery.ts).
  | 'getProtection'
  | 'drFailover'
  | 'changeRecoveryPoint'
  | 'commit'
  | 'drReprotect'
  | 'failback'
  | 'disableProtection';

export interface Item {
  id: string;
  percent: number;
  testVmId?: string;
  failedOverTo?: string;
  failoverType?: FailoverType;
  recoveryPoint?: RecoveryPoint;
}

export interface Call {
  operation: Operation;
  item: string;
}

export class InMemorySiteRecovery implements SiteRecovery {
  readonly items = new Map<string, Item>();
  readonly calls: Call[] = [];
  /** Percent added to an item's sync on every getReplication, or 'manual' to move it with setProgress only. */
  syncStepPerRead: number | 'manual' = 50;
  private readonly missing = new Map<string, PreflightCheck[]>();
  private readonly failures = new Map<Operation, SiteRecoveryError[]>();
  private readonly holds = new Map<Operation, { reached: () => void; released: Promise<void>; release: () => void }>();

  /** Makes preflight of this machine report a missing resource. */
  setMissing(machineId: string, check: Omit<PreflightCheck, 'ok'>): void {
    this.missing.set(machineId, [...(this.missing.get(machineId) ?? []), { ...check, ok: false }]);
  }

  /** The next call of this operation throws this error (queue several to fail several times). */
  failNext(operation: Operation, error: SiteRecoveryError): void {
    this.failures.set(operation, [...(this.failures.get(operation) ?? []), error]);
  }

  /**
   * The next call of this operation waits until release() (or until the activity is cancelled).
   * Resolves `reached` once the call is waiting.
   */
  hold(operation: Operation): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(operation, { reached, released, release });
    return { reached: reachedPromise, release };
  }

  setProgress(machineId: string, percent: number): void {
    this.itemOrThrow(machineId).percent = percent;
  }

  countOf(operation: Operation, machineId?: string): number {
    return this.calls.filter((c) => c.operation === operation && (!machineId || c.item === machineId)).length;
  }

  async preflight(request: MigrationRequest): Promise<PreflightReport> {
    await this.enter('preflight', request.machineId);
    const failed = this.missing.get(request.machineId) ?? [];
    return {
      checks: [
        { resource: 'vault', name: request.vault.name, ok: true },
        { resource: 'replicationPolicy', name: request.replicationPolicyName, ok: true },
        ...failed,
      ],
    };
  }

  async enableReplication(request: MigrationRequest, op: OperationContext): Promise<ReplicatedItem> {
    const name = request.machineId;
    const existing = this.items.get(name);
    await this.enter('enableReplication', name, op);
    const ref = {
      vault: request.vault,
      fabricName: request.source.fabricName,
      protectionContainerName: request.source.protectionContainerName,
      replicatedItemName: name,
    };
    const id = `/subscriptions/${request.vault.subscriptionId}/resourceGroups/${request.vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${request.vault.name}/replicationFabrics/${ref.fabricName}/replicationProtectionContainers/${ref.protectionContainerName}/replicationProtectedItems/${name}`;
    if (!existing) this.items.set(name, { id, percent: 0 });
    return { ...ref, id, adopted: Boolean(existing) };
  }

  async getReplication(ref: ReplicatedItemRef): Promise<ReplicationSnapshot> {
    await this.enter('getReplication', ref.replicatedItemName);
    const item = this.itemOrThrow(ref.replicatedItemName);
    if (this.syncStepPerRead !== 'manual') item.percent = Math.min(100, item.percent + this.syncStepPerRead);
    return snapshotOf(item);
  }

  async findReplication(ref: ReplicatedItemRef): Promise<ReplicationSnapshot | undefined> {
    await this.enter('findReplication', ref.replicatedItemName);
    const item = this.items.get(ref.replicatedItemName);
    return item && snapshotOf(item);
  }

  async testFailover(request: MigrationRequest, op: OperationContext): Promise<{ testVmId: string }> {
    await this.enter('testFailover', request.machineId, op);
    const item = this.itemOrThrow(request.machineId);
    if (item.percent < 100) throw refused('InitialReplicationNotComplete', 'Initial replication has not completed.');
    item.testVmId = `${request.target.resourceGroupId}/providers/Microsoft.Compute/virtualMachines/${request.machineId}-test`;
    return { testVmId: item.testVmId };
  }

  async cleanupTestFailover(ref: ReplicatedItemRef, _comments: string, op: OperationContext): Promise<void> {
    await this.enter('cleanupTestFailover', ref.replicatedItemName, op);
    const item = this.items.get(ref.replicatedItemName);
    if (item) item.testVmId = undefined;
  }

  /** Recorded as the operation plannedFailover or unplannedFailover, as the adapter would call ASR. */
  async failOver(request: MigrationRequest, op: OperationContext): Promise<{ type: FailoverType; targetVmId: string }> {
    const type = failoverTypeFor(request.scenario);
    await this.enter(type === 'planned' ? 'plannedFailover' : 'unplannedFailover', request.machineId, op);
    const item = this.itemOrThrow(request.machineId);
    if (item.testVmId) throw refused('TestFailoverInProgress', 'A test failover is active; clean it up before failing over.');
    item.failedOverTo = `${request.target.resourceGroupId}/providers/Microsoft.Compute/virtualMachines/${request.target.vmName ?? request.machineId}`;
    item.failoverType = type;
    item.recoveryPoint = type === 'planned' ? undefined : request.failover.recoveryPoint;
    return { type, targetVmId: item.failedOverTo };
  }

  async completeMigration(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    await this.enter('completeMigration', ref.replicatedItemName, op);
    const item = this.itemOrThrow(ref.replicatedItemName);
    if (!item.failedOverTo) throw refused('MigrationNotFailedOver', 'Complete Migration is allowed only after a failover.');
    this.items.delete(ref.replicatedItemName);
  }

  async removeReplication(ref: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }> {
    await this.enter('removeReplication', ref.replicatedItemName, op);
    return { removed: this.items.delete(ref.replicatedItemName) };
  }

  async reprotect(ref: ReplicatedItemRef, op: OperationContext): Promise<void> {
    await this.enter('reprotect', ref.replicatedItemName, op);
  }

  protected async enter(operation: Operation, item: string, op?: OperationContext): Promise<void> {
    this.calls.push({ operation, item });
    const failure = this.failures.get(operation)?.shift();
    if (failure) throw failure;
    // Like ASR, an accepted operation has a token to follow it by.
    op?.onSubmitted(`${operation}/${item}`);
    const hold = this.holds.get(operation);
    if (hold) {
      this.holds.delete(operation);
      hold.reached();
      await Promise.race([hold.released, aborted(op?.abortSignal)]);
    }
  }

  protected itemOrThrow(name: string): Item {
    const item = this.items.get(name);
    if (!item)
      throw new SiteRecoveryError('ReplicationProtectedItemNotFound', `Protected item ${name} was not found.`, {
        statusCode: 404,
        retryable: false,
      });
    return item;
  }
}

function snapshotOf(item: Item): ReplicationSnapshot {
  const complete = item.percent >= 100;
  return {
    protectionState: item.failedOverTo ? 'FailedOver' : complete ? 'Protected' : 'InitialReplicationInProgress',
    replicationHealth: 'Normal',
    initialSyncPercent: item.percent,
    initialSyncComplete: complete,
    testFailoverState: item.testVmId ? 'TestFailoverCompleted' : 'None',
    allowedOperations: complete ? ['TestFailover', 'PlannedFailover', 'UnplannedFailover', 'DisableProtection'] : ['DisableProtection'],
    healthErrors: [],
  };
}

export function refused(code: string, message: string): SiteRecoveryError {
  return new SiteRecoveryError(code, message, { statusCode: 409, retryable: false });
}

function aborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(new Error('operation cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
