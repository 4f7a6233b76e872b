import type { DecisionName } from './decisions';
import type { FailoverType, RecoveryPoint, Scenario } from './migration-request';
import type { Stage } from './stages';

export interface StageEntry {
  stage: Stage;
  /** ISO timestamp (workflow time) the stage was entered. */
  enteredAt: string;
}

/**
 * `status` stays under this size whatever clients send (asserted in test/workflows/decision-bounds.test.ts):
 * a quarter of Temporal's 2 MiB payload limit. It holds because every kept text is bounded
 * (common/decisions.ts DECISION_LIMITS): at most 30 accepted decisions of <= 2,200 characters (~205 KB at
 * 3 bytes a character), an abort (~13 KB), 20 refusals of <= 1,300 characters (~80 KB), stage entries and
 * the request's own bounded fields.
 */
export const MAX_STATUS_BYTES = 512 * 1024;

export interface DecisionRecord {
  /** The decision's name; for a refused unknown name, that name (cut short). */
  name: DecisionName | (string & {});
  /** How it reached the workflow (`cancellation`: a Temporal cancel request, handled as an abort). */
  via: 'signal' | 'update' | 'cancellation';
  by: string | null;
  at: string;
  comment?: string;
  /** The extra fields of the decision (reason, notBefore). */
  details?: Record<string, string>;
  accepted: boolean;
  /** Why it was rejected (wrong stage, bad payload, not an approver, unknown name). */
  rejectionReason?: string;
  /** Stage the workflow was in when the decision arrived. */
  stage: Stage;
}

export interface ReplicationProgress {
  /** Initial sync progress, 0-100. */
  percent: number;
  protectionState?: string;
  replicationHealth?: string;
  /** True while progress has not moved for longer than the request's stall threshold. */
  stalled: boolean;
  /** ISO time progress last moved (workflow time of the observation). */
  lastChangeAt?: string;
}

export interface MigrationError {
  /** ASR / ARM error code, e.g. "ReplicationGroupNotFound", or a siteshift code such as "PreflightFailed". */
  code: string;
  message: string;
  stage: Stage;
  at: string;
}

export interface AzureResources {
  /** The ASR replication protected item's resource id. */
  replicatedItemId?: string;
  testVmId?: string;
  targetVmId?: string;
}

/** One problem of a request the workflow refused, e.g. { path: "vault.subscriptionId", message: "must be a subscription GUID" }. */
export interface RequestError {
  path: string;
  message: string;
}

export interface MigrationStatus {
  /** For a refused start: the machine id its workflow id names (`migrate-<machineId>`). */
  machineId: string;
  /** Absent only when the workflow refused a request whose displayName or scenario was invalid. */
  displayName?: string;
  scenario?: Scenario;
  wave?: string;
  /** Who started the migration (the API sets it from the token): four-eyes keeps them from approving its cutover. */
  startedBy?: string;
  stage: Stage;
  stages: StageEntry[];
  replication: ReplicationProgress;
  testFailoverCount: number;
  failover?: { type: FailoverType; recoveryPoint?: RecoveryPoint; notBefore?: string };
  /** Every accepted decision, and the latest DECISION_LIMITS.KEPT_REFUSALS refused ones (cut short), in order. */
  decisions: DecisionRecord[];
  /** How many decisions were refused in all (older refusals beyond the kept ones are only counted). */
  refusedDecisions?: number;
  lastError?: MigrationError;
  resources: AzureResources;
  /** What a failed or aborted migration left in Azure and why (empty when it cleaned everything up). */
  leftBehind: string[];
  abortReason?: string;
  /** The decision rules this migration learned at its start (absent for migrations started before them). */
  decisionPolicy?: { fourEyes: boolean; signedDecisions: boolean };
  /** Set when the workflow refused its request at start (lastError InvalidMigrationRequest): what is wrong, field by field (bounded). */
  requestErrors?: RequestError[];
}
