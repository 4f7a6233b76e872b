import type { Stage } from './stages';

/**
 * What a migration tells the people who must act. `waiting`: it started waiting for a decision; `reminder`
 * and `escalation`: that wait exceeded the reminder / escalation time (escalation goes to its own
 * recipients); `stalled`: the initial sync stopped progressing; `ended`: the migration completed, failed or
 * was aborted.
 */
export const NOTIFICATION_KINDS = ['waiting', 'reminder', 'escalation', 'stalled', 'ended'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationEvent {
  kind: NotificationKind;
  /** Unique per workflow run and event, so a receiver can drop a redelivery. */
  id: string;
  workflowId: string;
  machineId: string;
  stage: Stage;
  /** When the event happened (workflow time, ISO 8601). */
  at: string;
  /** For waiting, reminder and escalation: the decisions awaited and since when. */
  awaiting?: { decisions: string[]; since: string };
  /** One line for a human: what happened and what to do. */
  summary: string;
}
