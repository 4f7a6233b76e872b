import { DECISION_FIELD_HELP, DECISION_NAMES, DECISIONS, type DecisionDefinition, type DecisionName } from '../common/decisions';

/**
 * The CLI face of each decision, derived from its entry in common/decisions.ts (command, summary, option help)
 * and its payload schema (one option per field, required where the schema requires it).
 */
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
  const { schema, optionHelp }: DecisionDefinition = DECISIONS[decision];
  return Object.entries(schema.shape).map(([field, fieldSchema]) => ({
    field,
    flag: optionFlagFor(field),
    value: DECISION_FIELD_HELP[field]?.value ?? 'value',
    help: optionHelp?.[field] ?? DECISION_FIELD_HELP[field]?.help ?? field,
    required: !fieldSchema.safeParse(undefined).success,
  }));
}

export const DECISION_CLI: readonly DecisionCommand[] = DECISION_NAMES.map((decision) => ({
  decision,
  command: DECISIONS[decision].command,
  summary: DECISIONS[decision].summary,
  options: optionsOf(decision),
}));
