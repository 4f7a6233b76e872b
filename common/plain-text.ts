import { z } from 'zod';

/**
 * Control characters, defined once for every text siteshift accepts or keeps.
 *
 * BROKEN: C0/C1 controls and DEL (\p{Cc}, terminal escapes and line breaks among them) and UTF-16 surrogates
 * not part of a pair (\p{Cs} under the u/v flag), which no payload encoding keeps.
 * FORGING: line and paragraph separators and bidirectional marks, overrides and isolates, which could forge
 * or hide output where a name is shown.
 */
const BROKEN = String.raw`\p{Cc}\p{Cs}`;
const FORGING = String.raw`\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069`;
/** What multi-line text (a decision's comment or reason) may hold of BROKEN: tab and line breaks. */
const LINE_BREAKS = String.raw`\t\n\r`;

/** Characters that have no place in a name or a label (BROKEN and FORGING). */
export const CONTROL_CHARACTERS = new RegExp(`[${BROKEN}${FORGING}]`, 'u');
const NO_CONTROL_CHARACTERS = new RegExp(`^[^${BROKEN}${FORGING}]*$`, 'u');
/** Characters no text may hold: controls and broken Unicode (decision senders; kept refused text). */
export const CONTROL_OR_BROKEN = new RegExp(`[${BROKEN}]`, 'u');
/** The same, but tab and line breaks are allowed (multi-line text: a decision's comment or reason). */
export const CONTROL_EXCEPT_LINE_BREAKS = new RegExp(`[[${BROKEN}]--[${LINE_BREAKS}]]`, 'v');

/** A trimmed, non-empty string of at most `max` characters, with no control characters. */
export function plainText(max: number): z.ZodString {
  return z.string().trim().min(1, 'must not be empty').max(max).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
}
