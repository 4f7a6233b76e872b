import { z } from 'zod';

/** Operator decisions: each is both a Signal and an Update of the same name on `migrateMachine`. */
export const DECISION_NAMES = [
  'approveTestFailover',
  'requestRetest',
  'approveFailover',
  'rescheduleFailover',
  'cancelScheduledFailover',
  'abortMigration',
] as const;
export type DecisionName = (typeof DECISION_NAMES)[number];

export function isDecisionName(name: unknown): name is DecisionName {
  return (DECISION_NAMES as readonly unknown[]).includes(name);
}

/**
 * What one migration keeps of its decisions, so that `status` stays under MAX_STATUS_BYTES whatever is sent:
 * every accepted decision in full (at most MAX_ACCEPTED_DECISIONS besides the abort), a count of refusals and
 * only the latest KEPT_REFUSALS of them, each cut to the lengths below.
 */
export const DECISION_LIMITS = {
  /** Accepted decisions other than abortMigration; past this only an abort is accepted. */
  MAX_ACCEPTED_DECISIONS: 30,
  KEPT_REFUSALS: 20,
  /** Longest `by`, `comment` / details value and refusal reason kept of a refused decision (characters). */
  REFUSED_BY_CHARS: 100,
  REFUSED_TEXT_CHARS: 200,
  REFUSAL_REASON_CHARS: 600,
} as const;

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
/** C0 and C1 control characters and DEL, and UTF-16 surrogates not part of a pair (\p{Cs} under the u flag). */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
/** The same, but tab, newline and carriage return are allowed (multi-line text). */
const CONTROL_EXCEPT_LINE_BREAKS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\p{Cs}]/u;
/* eslint-enable no-control-regex */

const singleLine = (max: number) =>
  z.string().max(max).refine((s) => !CONTROL_OR_LONE_SURROGATE.test(s), 'must not contain control characters or broken Unicode');
const multiLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_EXCEPT_LINE_BREAKS.test(s), 'must not contain control characters (other than tab and line breaks) or broken Unicode');

const by = singleLine(200).trim().min(1, 'must name the operator');
const comment = multiLine(2000).optional();
const reason = (why: string) => multiLine(2000).trim().min(1, why);
/** ISO 8601 with offset; the length cap bounds the fractional seconds the format would otherwise allow. */
const isoTime = z.iso
  .datetime({
    offset: true,
    // A missing value is left to the caller's "is required" (missingFieldMessages).
    error: (issue) => (issue.input === undefined ? undefined : 'must be an ISO 8601 date-time, e.g. 2026-12-01T22:00:00Z'),
  })
  .max(40);

export const ApproveTestFailoverSchema = z.object({ by, comment }).strict();
export const RequestRetestSchema = z.object({ by, comment }).strict();
export const ApproveFailoverSchema = z
  .object({
    by,
    comment,
    /** Cut over at this time rather than now (ISO 8601 with offset). */
    notBefore: isoTime.optional(),
  })
  .strict();
/** Moves the time of a scheduled failover (stage ScheduledFailover). */
export const RescheduleFailoverSchema = z.object({ by, comment, notBefore: isoTime }).strict();
/** Cancels a scheduled failover before it fires: back to AwaitingFailoverApproval. */
export const CancelScheduledFailoverSchema = z
  .object({ by, comment, reason: reason('must say why the scheduled failover is cancelled') })
  .strict();
export const AbortMigrationSchema = z.object({ by, comment, reason: reason('must say why the migration is aborted') }).strict();

export const DECISION_SCHEMAS = {
  approveTestFailover: ApproveTestFailoverSchema,
  requestRetest: RequestRetestSchema,
  approveFailover: ApproveFailoverSchema,
  rescheduleFailover: RescheduleFailoverSchema,
  cancelScheduledFailover: CancelScheduledFailoverSchema,
  abortMigration: AbortMigrationSchema,
} as const;

export type ApproveTestFailover = z.infer<typeof ApproveTestFailoverSchema>;
export type RequestRetest = z.infer<typeof RequestRetestSchema>;
export type ApproveFailover = z.infer<typeof ApproveFailoverSchema>;
export type RescheduleFailover = z.infer<typeof RescheduleFailoverSchema>;
export type CancelScheduledFailover = z.infer<typeof CancelScheduledFailoverSchema>;
export type AbortMigration = z.infer<typeof AbortMigrationSchema>;
export type DecisionPayload<N extends DecisionName> = z.infer<(typeof DECISION_SCHEMAS)[N]>;
