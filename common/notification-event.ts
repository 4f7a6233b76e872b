import type { ProtectionStage } from './protection-stages';
import type { Stage } from './stages';

/**
 * What a migration tells the people who must act. `waiting`: it started waiting for a decision; `reminder`
 * and `escalation`: that wait exceeded the reminder / escalation time (escalation goes to its own
 * recipients); `stalled`: the initial sync stopped progressing; `ended`: the migration completed, failed or
 * was aborted. A protected machine's alerts: `rpo-alert` / `health-alert` when its RPO exceeds the policy's
 * threshold or its replication health turns Critical, `rpo-recovered` / `health-recovered` when that clears.
 */
export const NOTIFICATION_KINDS = [
  'waiting',
  'reminder',
  'escalation',
  'stalled',
  'ended',
  'rpo-alert',
  'rpo-recovered',
  'health-alert',
  'health-recovered',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationEvent {
  kind: NotificationKind;
  /** Unique per workflow run and event, so a receiver can drop a redelivery. */
  id: string;
  workflowId: string;
  machineId: string;
  /** The migration's stage; absent for a protection's alerts (`summary` says what changed). */
  stage?: Stage | ProtectionStage;
  /** When the event happened (workflow time, ISO 8601). */
  at: string;
  /** For waiting, reminder and escalation: the decisions awaited and since when. */
  awaiting?: { decisions: string[]; since: string };
  /** One line for a human: what happened and what to do. */
  summary: string;
}
