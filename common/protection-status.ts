import type { DecisionRecord, MigrationStatus, ReplicationProgress, RequestError } from './migration-status';
import type { RecoveryPointChoice } from './protection-decisions';
import type { ProtectableScenario } from './protection-request';
import type { ProtectionStage } from './protection-stages';

/** Kept lists, so months of protection keep `status` (and what continue-as-new carries) small. */
export const PROTECTION_STATUS_LIMITS = {
  KEPT_STAGES: 40,
  KEPT_DRILLS: 20,
  KEPT_ALERTS: 20,
  /** A drill's comment and note are kept this long (the decision log keeps the latest ones in full). */
  DRILL_TEXT_CHARS: 200,
} as const;

export interface DrillRecord {
  startedAt: string;
  /** Who asked for it, and their comment. */
  by: string;
  comment?: string;
  /** passed: signed off; autoCleanedUp: nobody signed off in time; aborted; failed (the test failover or the validation hook). */
  result: 'passed' | 'autoCleanedUp' | 'aborted' | 'failed';
  /** Who signed it off or aborted it. */
  endedBy?: string;
  endedAt: string;
  durationSeconds: number;
  testVmId?: string;
  /** Why it failed or was aborted. */
  note?: string;
}

export type ProtectionDecisionRecord = Omit<DecisionRecord, 'stage'> & { stage: ProtectionStage };

export interface ProtectionHealth {
  /** ASR's replicationHealth: Normal, Warning, Critical. */
  replicationHealth: string;
  /** The item's current RPO, when ASR reports one. */
  rpoSeconds?: number;
  /** The replication policy's RPO threshold (ASR's default when the policy has none). */
  rpoThresholdSeconds: number;
  rpoExceeded: boolean;
  /** Where ASR says the machine runs ("Primary" on premises, "Recovery" in Azure). */
  activeLocation: string;
  protectionState: string;
  /** When the workflow last recorded a change of health, RPO band or location (reads between changes are not recorded). */
  observedAt: string;
}

export interface AlertRecord {
  kind: 'rpo' | 'health';
  raisedAt: string;
  clearedAt?: string;
  message: string;
  /** Whether the notification was delivered (webhooks configured and answered), or why not. */
  notified: string;
}

export interface ProtectionStatus {
  machineId: string;
  mode: 'disaster-recovery';
  displayName?: string;
  scenario?: ProtectableScenario;
  wave?: string;
  /** Who started protecting the machine (the API sets it from the token): four-eyes keeps them from its fourEyes decisions. */
  startedBy?: string;
  stage: ProtectionStage;
  /** The latest PROTECTION_STATUS_LIMITS.KEPT_STAGES stage entries (stageCount counts them all). */
  stages: { stage: ProtectionStage; enteredAt: string }[];
  stageCount: number;
  /** Initial replication progress. */
  replication: ReplicationProgress;
  /** Where the machine runs: on premises (Primary) or in Azure (Recovery). */
  activeLocation: 'Primary' | 'Recovery';
  health?: ProtectionHealth;
  /** Alerts raised and not cleared yet. */
  activeAlerts: AlertRecord[];
  /** The latest raised (and cleared) alerts. */
  alerts: AlertRecord[];
  /** The latest drills, newest last; drillCount counts them all. */
  drills: DrillRecord[];
  drillCount: number;
  failover?: { type: 'planned' | 'unplanned'; recoveryPoint?: RecoveryPointChoice; shutdownSource?: boolean; at: string };
  /** The latest accepted decisions and refusals (bounded); decisionCounts counts every accepted one by name. */
  decisions: ProtectionDecisionRecord[];
  decisionCounts: Record<string, number>;
  refusedDecisions: number;
  lastError?: { code: string; message: string; stage: ProtectionStage; at: string };
  resources: { replicatedItemId?: string; testVmId?: string; recoveredVmId?: string };
  leftBehind: string[];
  /** The decision policy the protection learned at its start (absent for protections started before it). */
  decisionPolicy?: MigrationStatus['decisionPolicy'];
  /** How many runs this protection has had (continue-as-new starts a new run, carrying this status). */
  run: number;
  requestErrors?: RequestError[];
}
