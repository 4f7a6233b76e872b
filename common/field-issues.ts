import type { z } from 'zod';

/** One problem with one field of an input, e.g. `{ path: 'approval', message: 'unrecognized key "approver"' }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** At most this many problems are listed; more are counted. An error (and a workflow failure) stays small. */
const MAX_LISTED_ISSUES = 20;
/** Unknown key names and the like are shown up to this length: they are the caller's text, not ours. */
const MAX_SHOWN_TEXT_LENGTH = 64;
const MAX_SHOWN_KEYS = 5;

/** A caller's text for an error message: quoted, control characters escaped (JSON), cut to a readable length. */
export function shownText(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > MAX_SHOWN_TEXT_LENGTH ? `${text.slice(0, MAX_SHOWN_TEXT_LENGTH)}…` : text);
}

function unrecognizedKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_SHOWN_KEYS).map(shownText).join(', ');
  const more = keys.length > MAX_SHOWN_KEYS ? ` and ${keys.length - MAX_SHOWN_KEYS} more` : '';
  return `unrecognized key${keys.length === 1 ? '' : 's'} ${shown}${more}`;
}

interface RawIssue {
  code?: string;
  input?: unknown;
  keys?: readonly string[];
  discriminator?: string;
  options?: readonly unknown[];
}

/**
 * Messages that name what is wrong the same way on every path (client, CLI, workflow): "is required" for a
 * missing field rather than "expected string, received undefined", `unrecognized key "approver"` for an
 * unknown one, and the allowed values for a wrong discriminator (e.g. `scenario`). Pass to `safeParse`.
 */
export const fieldMessages = {
  error: (issue: RawIssue): string | undefined => {
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return 'is required';
    if (issue.code === 'unrecognized_keys' && issue.keys) return unrecognizedKeys(issue.keys);
    if (issue.code === 'invalid_union' && issue.discriminator !== undefined && issue.options) {
      const value = (issue.input as Record<string, unknown> | null | undefined)?.[issue.discriminator];
      return value === undefined ? 'is required' : `must be one of ${issue.options.join(', ')}`;
    }
    return undefined;
  },
};

/** Zod's issues as `path: message` pairs, at most MAX_LISTED_ISSUES of them (the rest counted in a last one). */
export function formatIssues(error: z.ZodError): FieldIssue[] {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  if (issues.length <= MAX_LISTED_ISSUES) return issues;
  const listed = issues.slice(0, MAX_LISTED_ISSUES - 1);
  return [...listed, { path: '', message: `and ${issues.length - listed.length} more problems` }];
}

/**
 * One issue as text, `path: message`, with `root` standing for the input itself (e.g. "(request)"): how every
 * input error is written, in messages and CLI lines alike.
 */
export function issueText(issue: FieldIssue, root: string): string {
  return `${issue.path || root}: ${issue.message}`;
}

/** The issues as a bulleted list, one `  - path: message` line each (root as in issueText). */
export function issueBullets(issues: readonly FieldIssue[], root: string): string[] {
  return issues.map((issue) => `  - ${issueText(issue, root)}`);
}

export type Checked<T> = { success: true; data: T } | { success: false; issues: FieldIssue[] };

/** Validates `input` with `schema` and the shared field messages (or the error map given). */
export function checkWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  messages: z.core.ParseContext<z.core.$ZodIssue> = fieldMessages,
): Checked<z.output<S>> {
  const result = schema.safeParse(input, messages);
  return result.success ? { success: true, data: result.data } : { success: false, issues: formatIssues(result.error) };
}
