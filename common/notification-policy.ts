/**
 * What a migration learns of its worker's notification settings at start (with the preflight answer), so a
 * migration started by any path is covered: when to remind and escalate a wait for a decision. Absent when no
 * webhook is configured: the migration then schedules no notification and no timer.
 */
export interface NotificationPolicy {
  reminderAfterMs: number;
  escalateAfterMs: number;
}
