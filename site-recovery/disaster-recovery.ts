import type { FailoverType, RecoveryPoint } from '../common/migration-request';
import type { OperationContext, ReplicatedItemRef, ReplicationSnapshot } from './site-recovery';

/**
 * Disaster recovery of an on-premises machine already protected by ASR (HyperVReplicaAzure or InMageRcm; A2A items
 * answer the reads too): its health and RPO, recovery points, failover, change of recovery point, commit,
 * reprotect (reverse replication) and failback. Drills use SiteRecovery.testFailover / cleanupTestFailover.
 *
 * Same contract as SiteRecovery: every mutating call returns only when ASR's operation AND its job ended, follows an
 * operation already submitted when op.resumeFrom is given, and does nothing when the item's state shows the step
 * already took effect. ASR's refusals are thrown as SiteRecoveryError with ASR's code (non-retryable).
 * The Azure adapter (site-recovery/azure) implements it; createSiteRecovery returns SiteRecovery & DisasterRecovery.
 */
export interface DisasterRecovery {
  /** Replication health, RPO and where the machine runs, from the protected item's own fields (and its policy's RPO threshold). */
  getProtection(item: ReplicatedItemRef): Promise<ProtectionSnapshot>;

  /** The item's recovery points, newest first (every page). Empty while failed over and committed. */
  listRecoveryPoints(item: ReplicatedItemRef): Promise<RecoveryPointInfo[]>;

  /**
   * Failover from the primary site to Azure. Planned (HyperVReplicaAzure only: the source is shut down and a final
   * sync runs, no data loss) or unplanned (at the chosen recovery point; the source is shut down first when
   * shutdownSource). A no-op when the item is already failed over.
   */
  failover(item: ReplicatedItemRef, input: DrFailoverInput, op: OperationContext): Promise<DrFailoverResult>;

  /** ASR "ApplyRecoveryPoint" ("Change recovery point", allowed operation ChangePit): after a failover, before commit. */
  changeRecoveryPoint(
    item: ReplicatedItemRef,
    recoveryPoint: RecoveryPointChoice,
    op: OperationContext,
  ): Promise<{ recoveryPointId: string }>;

  /** FailoverCommit of a failover or a failback. A no-op when the item does not allow Commit (nothing pending). */
  commit(item: ReplicatedItemRef, op: OperationContext): Promise<void>;

  /**
   * Reprotect (reverse replication), its input chosen by the item's stage:
   * - InMageRcm failed over to Azure and committed: replicate Azure -> on-premises (input.onPremises required:
   *   the appliance's reprotect agent, a VMware datastore, log storage). ASR then reports provider InMageRcmFailback.
   * - InMageRcmFailback failed back and committed: replicate on-premises -> Azure again (input.toAzure required).
   * - HyperVReplicaAzure failed back and committed: replicate on-premises -> Azure again (no input needed).
   * A no-op when the item is already protected in the direction asked.
   */
  reprotect(item: ReplicatedItemRef, input: ReprotectInput, op: OperationContext): Promise<void>;

  /**
   * Failback: planned failover from Azure to the primary site (direction RecoveryToPrimary). HyperVReplicaAzure after a
   * committed failover; InMageRcm once reprotected to on-premises (ASR reports it as InMageRcmFailback).
   * Refused by ASR before the failover is committed. A no-op when the machine already runs on the primary site.
   */
  failback(item: ReplicatedItemRef, input: FailbackInput, op: OperationContext): Promise<void>;

  /** Disable protection with reason NotSpecified: replication stops and the item is removed. `removed: false` when it was gone. */
  disableProtection(item: ReplicatedItemRef, op: OperationContext): Promise<{ removed: boolean }>;
}

/**
 * Where a protected machine is in the DR cycle, derived from ASR's provider, activeLocation and protectionState:
 * Protected (replicating to Azure) -> FailedOver -> FailoverCommitted -> (InMageRcm: ReverseProtected, replicating
 * Azure -> on-premises) -> FailedBack -> FailbackCommitted -> Protected again after reprotect.
 */
export const DR_STAGES = [
  'InitialReplication',
  'Protected',
  'FailedOver',
  'FailoverCommitted',
  'ReverseProtected',
  'FailedBack',
  'FailbackCommitted',
  /** A job is running on the item (see protectionState), or a state siteshift does not know. */
  'Transitioning',
] as const;
export type DrStage = (typeof DR_STAGES)[number];

export interface ProtectionSnapshot extends ReplicationSnapshot {
  /** ASR's provider now: HyperVReplicaAzure, InMageRcm, InMageRcmFailback (replicating Azure -> on-premises), A2A. */
  provider: string;
  /** "Primary" (on-premises) or "Recovery" (Azure), as ASR reports activeLocation. */
  activeLocation: string;
  stage: DrStage;
  /** Seconds of data that would be lost now (ASR's rpoInSeconds / lastRpoInSeconds); undefined when ASR reports none. */
  rpoSeconds?: number;
  /** When ASR last calculated the RPO (ISO 8601). */
  rpoCalculatedAt?: string;
  /** When the newest recovery point reached ASR (ISO 8601). */
  lastRecoveryPointAt?: string;
  /** The policy's RPO threshold (recoveryPointThresholdInMinutes), else DEFAULT_RPO_THRESHOLD_SECONDS. */
  rpoThresholdSeconds: number;
  rpoThresholdSource: 'policy' | 'default';
  /** lastSuccessfulFailoverTime (ISO 8601). */
  lastFailoverAt?: string;
  /** The recovery point the last failover (or change of recovery point) used. */
  failoverRecoveryPointId?: string;
}

/** The RPO threshold when the item's policy reports none (HyperVReplicaAzure and InMageRcm policies do not). */
export const DEFAULT_RPO_THRESHOLD_SECONDS = 30 * 60;

export interface RecoveryPointInfo {
  /** Full ARM id: what failover and changeRecoveryPoint take as recoveryPointId. */
  id: string;
  name: string;
  /** ISO 8601. */
  time: string;
  /** "ApplicationConsistent" | "CrashConsistent" (or another ASR type). */
  type: string;
}

/** A recovery point: latest / latest processed / latest application-consistent, or one from listRecoveryPoints. */
export type RecoveryPointChoice = RecoveryPoint | { recoveryPointId: string };

export interface DrFailoverInput {
  type: FailoverType;
  recoveryPoint: RecoveryPointChoice;
  /** Unplanned only: shut the source down first where the provider can (Hyper-V, VMware/physical Mobility agent). Planned always does. */
  shutdownSource?: boolean;
}

export interface DrFailoverResult {
  type: FailoverType;
  /** The Azure VM the failover created (composed from the item's target resource group and VM name). */
  targetVmId?: string;
  recoveryPointId?: string;
}

export interface ReprotectInput {
  /** InMageRcm, Azure -> on-premises (InMageRcmReprotectInput). */
  onPremises?: {
    /** The appliance's reprotect agent (process server) id that receives the data. */
    reprotectAgentId: string;
    /** The VMware datastore the failback VM's disks go to (physical servers fail back to a VMware VM only). */
    datastoreName: string;
    /** Azure storage account (ARM id) for the replication logs. */
    logStorageAccountId: string;
    /** The InMageRcmFailback policy; ASR's default when omitted. */
    policyName?: string;
  };
  /** InMageRcmFailback, on-premises -> Azure again after failback (InMageRcmFailbackReprotectInput). */
  toAzure?: {
    processServerId: string;
    /** vCenter credentials (VMware); omitted for a physical server. */
    runAsAccountId?: string;
    /** The InMageRcm replication policy to protect with again. */
    policyName: string;
  };
}

export type FailbackInput = HyperVFailbackInput | InMageRcmFailbackInput;

/** HyperVReplicaAzureFailback. */
export interface HyperVFailbackInput {
  provider: 'HyperVReplicaAzure';
  /**
   * ForDownTime: synchronise data before the failover (the Azure VM keeps running meanwhile, less downtime);
   * ForSynchronization: synchronise during the failover only (Azure VM shut down first).
   */
  dataSync: 'ForDownTime' | 'ForSynchronization';
  /** Omitted: the original VM. Given: create the VM on this Hyper-V host (its recovery services provider id) if not found. */
  alternateLocation?: { providerId: string };
}

/** InMageRcmFailback: fail back to the VMware VM the reprotect targeted. */
export interface InMageRcmFailbackInput {
  provider: 'InMageRcm';
  recoveryPointType: 'ApplicationConsistent' | 'CrashConsistent';
}
