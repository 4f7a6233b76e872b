import type { FailoverType, MigrationRequest, VaultRef } from '../common/migration-request';

/**
 * The one interface through which activities drive Azure Site Recovery.
 * The Azure adapter (site-recovery/azure) implements it on the official SDK, against Azure or our emulator.
 *
 * Every mutating call returns only when ASR's operation AND its replication job reached their end state;
 * an accepted request is not a success. Failures are thrown as SiteRecoveryError.
 *
 * A call that builds a provider input (enable, test failover, failover) takes the request, and finds the
 * protected item from it (replicatedItemRefFor); every other call takes only the item reference.
 */
export interface SiteRecovery {
  /**
   * Reads everything the request needs (vault, fabric, protection container, container mapping for the
   * policy, replication policy, network mapping where the scenario uses one, the protectable item) and
   * reports each check. Does not throw for a missing resource: that is a failed check.
   */
  preflight(request: MigrationRequest): Promise<PreflightReport>;

  /** Enables replication; adopts the protected item if it already exists. */
  enableReplication(request: MigrationRequest, op: OperationContext): Promise<ReplicatedItem>;

  /** Current replication state, including initial sync progress. Throws NotFound if the item is gone. */
  getReplication(item: ReplicatedItemRef): Promise<ReplicationSnapshot>;

  /** The same read, for telling what exists: undefined when the protected item does not exist. */
  findReplication(item: ReplicatedItemRef): Promise<ReplicationSnapshot | undefined>;

  /** Test failover into the request's isolated test network at its recovery point; returns the test VM's id. */
  testFailover(request: MigrationRequest, op: OperationContext): Promise<{ testVmId: string }>;

  /** Removes the test VM; a no-op when no test failover is active. */
  cleanupTestFailover(item: ReplicatedItemRef, comments: string, op: OperationContext): Promise<void>;

  /**
   * The failover the scenario allows (failoverTypeFor): planned for Hyper-V (source shut down, final sync, no
   * data loss), otherwise ASR's single unplanned failover at the request's recovery point.
   */
  failOver(request: MigrationRequest, op: OperationContext): Promise<{ type: FailoverType; targetVmId: string }>;

  /** "Complete Migration": disable protection with reason MigrationComplete (stops replication and billing). */
  completeMigration(item: ReplicatedItemRef, op: OperationContext): Promise<void>;

  /** Abort path: removes replication (disable protection, reason NotSpecified). Returns false if nothing was there. */
  removeReplication(item: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }>;

  // Reprotect, failback and the rest of disaster recovery: DisasterRecovery (disaster-recovery.ts).
}

/** Identifies a replication protected item in a vault. */
export interface ReplicatedItemRef {
  vault: VaultRef;
  fabricName: string;
  protectionContainerName: string;
  /** The protected item's name in ASR (siteshift uses the machine id). */
  replicatedItemName: string;
}

export interface ReplicatedItem extends ReplicatedItemRef {
  /** Full ARM resource id of the protected item. */
  id: string;
  /** True when the item existed already and was adopted rather than created. */
  adopted: boolean;
}

export interface PreflightCheck {
  /** What was checked, e.g. "vault", "fabric", "protectionContainer", "containerMapping", "replicationPolicy". */
  resource: string;
  /** The name or id looked for. */
  name: string;
  ok: boolean;
  /** For a failed check: what is missing or wrong, and what to do about it. */
  message?: string;
}

export interface PreflightReport {
  checks: PreflightCheck[];
}

export interface ReplicationSnapshot {
  /** ASR's protectionState, e.g. "UnprotectedStatesBegin", "InitialReplicationInProgress", "Protected". */
  protectionState: string;
  /** "Normal" | "Warning" | "Critical". */
  replicationHealth: string;
  /** Initial sync progress 0-100; 100 once the item is protected. */
  initialSyncPercent: number;
  initialSyncComplete: boolean;
  /** ASR's testFailoverState, e.g. "None", "TestFailoverCompleted". */
  testFailoverState: string;
  allowedOperations: string[];
  /** ASR health errors currently reported on the item, if any. */
  healthErrors: { code: string; message: string }[];
}

/**
 * Lets a long-running call survive worker crashes and retries without submitting anything twice:
 * the adapter reports each submitted operation through onSubmitted (activities keep it in their heartbeat),
 * and a retry passes it back as resumeFrom so the adapter follows the existing operation instead.
 */
export interface OperationContext {
  resumeFrom?: string;
  onSubmitted(token: string): void;
  /** Called while waiting, so activities can heartbeat. */
  onProgress?(): void;
  abortSignal?: AbortSignal;
}

/** An ASR / ARM failure with its original error code and message. */
export class SiteRecoveryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      statusCode?: number;
      retryable: boolean;
      /** From Retry-After on throttling. */
      retryAfterMs?: number;
      /** The ASR job that failed, when the failure came from a job. */
      jobId?: string;
    },
  ) {
    super(message);
    this.name = 'SiteRecoveryError';
  }

  get retryable(): boolean {
    return this.options.retryable;
  }
}

export { replicatedItemRefFor } from '../common/ids';
