import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { isDecisionIn, parseDecisionIn } from './decision-table';
import type { Checked } from './field-issues';
import { CONTROL_EXCEPT_LINE_BREAKS, CONTROL_OR_BROKEN } from './plain-text';
import type { Role } from './roles';
import { ABORTABLE_STAGES, type Stage } from './stages';

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

const singleLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_OR_BROKEN.test(s), 'must not contain control characters or broken Unicode');
const multiLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine(
      (s) => !CONTROL_EXCEPT_LINE_BREAKS.test(s),
      'must not contain control characters (other than tab and line breaks) or broken Unicode',
    );

const by = lazySchema(() => singleLine(200).trim().min(1, 'must name the operator'));
const comment = z.optional(lazySchema(() => multiLine(2000)));
const reason = (why: string) => multiLine(2000).trim().min(1, why);
/** ISO 8601 with offset; the length cap bounds the fractional seconds the format would otherwise allow. */
const isoTime = lazySchema(() =>
  z.iso
    .datetime({
      offset: true,
      // A missing value is left to the caller's "is required" (fieldMessages).
      error: (issue) => (issue.input === undefined ? undefined : 'must be an ISO 8601 date-time, e.g. 2026-12-01T22:00:00Z'),
    })
    .max(40),
);

/** The fields every decision shares, for the other decision tables (common/protection-decisions.ts, common/wave-decisions.ts). */
export const DECISION_FIELDS = { by, comment, reason, singleLine, isoTime } as const;

export interface DecisionDefinition {
  /** The payload, strict and bounded: the workflow, the client and the CLI all validate with it. */
  schema: z.ZodObject;
  /** The stages in which the workflow accepts it. */
  allowedStages: readonly Stage[];
  /** The role it needs: the API's gate, and what the roles of a signed decision must grant. */
  role: Role;
  /** The `siteshift` command that sends it, with its one-line summary. */
  command: string;
  summary: string;
  /** Help for an option of this command where the shared DECISION_FIELD_HELP does not fit. */
  optionHelp?: Record<string, string>;
}

/**
 * Operator decisions: each is both a Signal and an Update of the same name on `migrateMachine`. The one table
 * from which the signal and update definitions, the client's `decide`, the CLI commands and the workflow's
 * rules are derived.
 */
export const DECISIONS = {
  approveTestFailover: {
    schema: lazySchema(() => z.object({ by, comment }).strict()),
    allowedStages: ['AwaitingTestApproval'],
    role: 'approver',
    command: 'approve-test',
    summary: 'test failover results are good: clean it up and ask for cutover',
  },
  requestRetest: {
    schema: lazySchema(() => z.object({ by, comment }).strict()),
    allowedStages: ['AwaitingTestApproval'],
    role: 'operator',
    command: 'retest',
    summary: 'clean up the test failover and run another one',
  },
  approveFailover: {
    schema: lazySchema(() =>
      z
        .object({
          by,
          comment,
          /** Cut over at this time rather than now (ISO 8601 with offset). */
          notBefore: isoTime.optional(),
        })
        .strict(),
    ),
    allowedStages: ['AwaitingFailoverApproval'],
    role: 'approver',
    command: 'approve-failover',
    summary: 'cut over now, or at --not-before',
  },
  /** Moves the time of a scheduled failover (stage ScheduledFailover). */
  rescheduleFailover: {
    schema: lazySchema(() => z.object({ by, comment, notBefore: isoTime }).strict()),
    allowedStages: ['ScheduledFailover'],
    role: 'approver',
    command: 'reschedule-failover',
    summary: 'move a scheduled failover to another --not-before',
  },
  /** Cancels a scheduled failover before it fires: back to AwaitingFailoverApproval. */
  cancelScheduledFailover: {
    schema: lazySchema(() => z.object({ by, comment, reason: reason('must say why the scheduled failover is cancelled') }).strict()),
    allowedStages: ['ScheduledFailover'],
    role: 'approver',
    command: 'cancel-scheduled-failover',
    summary: 'cancel a scheduled failover: back to awaiting approval',
    optionHelp: { reason: 'why the scheduled failover is cancelled' },
  },
  abortMigration: {
    schema: lazySchema(() => z.object({ by, comment, reason: reason('must say why the migration is aborted') }).strict()),
    allowedStages: ABORTABLE_STAGES,
    role: 'operator',
    command: 'abort',
    summary: 'abort before the failover starts, cleaning up what exists',
    optionHelp: { reason: 'why the migration is aborted' },
  },
} as const satisfies Record<string, DecisionDefinition>;

export type DecisionName = keyof typeof DECISIONS;
export const DECISION_NAMES = Object.keys(DECISIONS) as readonly DecisionName[];

/** What each payload field means to an operator (`value` names the option's argument in CLI help). */
export const DECISION_FIELD_HELP: Record<string, { value: string; help: string }> = {
  by: { value: 'name', help: 'the operator making the decision, recorded with it' },
  comment: { value: 'text', help: 'a note recorded with the decision' },
  notBefore: { value: 'iso', help: 'cut over at this ISO 8601 date-time (with offset), not before' },
  reason: { value: 'text', help: 'why' },
};

export function isDecisionName(name: unknown): name is DecisionName {
  return isDecisionIn(DECISIONS, name);
}

type SchemaOf<N extends DecisionName> = (typeof DECISIONS)[N]['schema'];
export type DecisionPayload<N extends DecisionName> = z.infer<SchemaOf<N>>;

/** A decision whose payload passed its schema: a union keyed on the name, so `payload` narrows with `name`. */
export type Decision = { [N in DecisionName]: { name: N; payload: DecisionPayload<N> } }[DecisionName];

/** Every decision's payload schema, by name. */
export const DECISION_SCHEMAS = Object.fromEntries(DECISION_NAMES.map((name) => [name, DECISIONS[name].schema])) as {
  [N in DecisionName]: SchemaOf<N>;
};

/**
 * Validates a decision's payload: the one check the client, the CLI and the workflow's rules share.
 * `messages` is the zod error map (default: the shared field messages).
 */
export function parseDecision(name: DecisionName, raw: unknown, messages?: z.core.ParseContext<z.core.$ZodIssue>): Checked<Decision> {
  return parseDecisionIn<Decision>(DECISIONS, name, raw, messages);
}

/**
 * A decision's payload as the HTTP API takes it: without `by`, which the API fills from the caller's token.
 * The API's routes and the CLI through the API validate with it.
 */
export function payloadSchemaWithoutBy(decision: DecisionName): z.ZodObject {
  const schema: z.ZodObject = DECISIONS[decision].schema;
  return schema.omit({ by: true });
}
