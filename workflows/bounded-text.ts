import { CONTROL_OR_BROKEN } from '../common/plain-text';

const ALL_CONTROL_OR_BROKEN = new RegExp(CONTROL_OR_BROKEN.source, 'gu');

/**
 * Text a refused message carried, made safe to keep: cut to `maxChars` (marked with "…") and with control
 * characters and broken Unicode replaced by U+FFFD, so each kept character costs at most 3 bytes of JSON.
 * Anything but a string gives undefined.
 */
export function boundedText(value: unknown, maxChars: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cut = value.length > maxChars ? `${value.slice(0, maxChars - 1)}…` : value;
  return cut.replace(ALL_CONTROL_OR_BROKEN, '\uFFFD');
}
