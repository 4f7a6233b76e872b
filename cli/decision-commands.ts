import { DECISION_NAMES, DECISION_SCHEMAS, type DecisionName } from '../common/decisions';

/**
 * The CLI face of each decision. Keyed by every DecisionName, so a decision added to common/decisions.ts does
 * not type-check until it has a command; its options are derived from the decision's payload schema.
 */
const DECISION_COMMANDS: Record<DecisionName, { command: string; summary: string; fieldHelp?: Record<string, string> }> = {
  approveTestFailover: { command: 'approve-test', summary: 'test failover results are good: clean it up and ask for cutover' },
  requestRetest: { command: 'retest', summary: 'clean up the test failover and run another one' },
  approveFailover: { command: 'approve-failover', summary: 'cut over now, or at --not-before' },
  rescheduleFailover: { command: 'reschedule-failover', summary: 'move a scheduled failover to another --not-before' },
  cancelScheduledFailover: {
    command: 'cancel-scheduled-failover',
    summary: 'cancel a scheduled failover: back to awaiting approval',
    fieldHelp: { reason: 'why the scheduled failover is cancelled' },
  },
  abortMigration: { command: 'abort', summary: 'abort before the failover starts, cleaning up what exists' },
};

/** What each payload field means to an operator; a field without an entry is shown by its option name. */
const FIELD_HELP: Record<string, { value: string; help: string }> = {
  by: { value: 'name', help: 'the operator making the decision, recorded with it' },
  comment: { value: 'text', help: 'a note recorded with the decision' },
  notBefore: { value: 'iso', help: 'cut over at this ISO 8601 date-time (with offset), not before' },
  reason: { value: 'text', help: 'why the migration is aborted' },
};

export interface DecisionOption {
  field: string;
  /** The long flag, e.g. `--not-before`. */
  flag: string;
  value: string;
  help: string;
  required: boolean;
}

export interface DecisionCommand {
  decision: DecisionName;
  command: string;
  summary: string;
  options: DecisionOption[];
}

export function optionFlagFor(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function optionsOf(decision: DecisionName): DecisionOption[] {
  const shape = DECISION_SCHEMAS[decision].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  return Object.entries(shape).map(([field, schema]) => ({
    field,
    flag: optionFlagFor(field),
    value: FIELD_HELP[field]?.value ?? 'value',
    help: DECISION_COMMANDS[decision].fieldHelp?.[field] ?? FIELD_HELP[field]?.help ?? field,
    required: !schema.safeParse(undefined).success,
  }));
}

export const DECISION_CLI: readonly DecisionCommand[] = DECISION_NAMES.map((decision) => ({
  decision,
  ...DECISION_COMMANDS[decision],
  options: optionsOf(decision),
}));
