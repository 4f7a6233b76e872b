import { z } from 'zod';

const CONTROL_CLASS = String.raw`\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069`;

/**
 * Characters that have no place in a name or a label and could forge or hide output where it is shown:
 * C0/C1 controls (terminal escapes, newlines), line and paragraph separators, bidirectional marks, overrides
 * and isolates, and lone surrogates (which no payload encoding keeps).
 */
export const CONTROL_CHARACTERS = new RegExp(`[${CONTROL_CLASS}]`, 'u');

const NO_CONTROL_CHARACTERS = new RegExp(`^[^${CONTROL_CLASS}]*$`, 'u');

/** A trimmed, non-empty string of at most `max` characters, with no control characters. */
export function plainText(max: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
}
