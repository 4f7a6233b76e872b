import type { z } from 'zod';
import { checkWith, fieldMessages, type Checked } from './field-issues';

/**
 * What a decision table (DECISIONS, WAVE_DECISIONS, PROTECTION_DECISIONS) gives each decision's name that these
 * helpers need: its payload's schema.
 */
type DecisionTable<Name extends string> = Record<Name, { schema: z.ZodType }>;

/** True when `name` is one of the table's decisions (its own keys: not "toString" and the like). */
export function isDecisionIn<Name extends string>(table: DecisionTable<Name>, name: unknown): name is Name {
  return typeof name === 'string' && Object.hasOwn(table, name);
}

/**
 * Validates a decision's payload with its schema in `table`: the decision (name and payload), or the issues.
 * `messages` is the zod error map (default: the shared field messages).
 */
export function parseDecisionIn<D extends { name: string; payload: unknown }>(
  table: DecisionTable<D['name']>,
  name: D['name'],
  raw: unknown,
  messages: z.core.ParseContext<z.core.$ZodIssue> = fieldMessages,
): Checked<D> {
  const checked = checkWith(table[name].schema, raw, messages);
  // The schema is table[name]'s, so the payload is that decision's: the one place the union is formed.
  return checked.success ? { success: true, data: { name, payload: checked.data } as D } : checked;
}
