/**
 * Wall-clock times of a cutover window, read in the window's IANA time zone. Pure (Intl only, no clock):
 * the workflow and the schema both use it.
 */

/** `2026-12-01T22:00` or `2026-12-01T22:00:00`, optionally with `Z` or an offset (then the zone only labels it). */
export const WINDOW_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})?$/;

/** True when `timeZone` is an IANA zone this runtime knows (e.g. Europe/Paris, UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `utcMs` (milliseconds). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallAsUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant (ms since epoch) a window time names: as written when it carries an offset, otherwise the
 * wall-clock time in `timeZone`. NaN when it is not a window time.
 */
export function windowTimeMs(time: string, timeZone: string): number {
  const match = WINDOW_TIME.exec(time);
  if (!match) return NaN;
  if (match[2]) return Date.parse(time);
  const wallAsUtc = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(wallAsUtc)) return NaN;
  const first = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  // Near a DST change the offset at the first guess may differ from the offset at the instant itself.
  return wallAsUtc - zoneOffsetMs(first, timeZone);
}

export interface CutoverWindow {
  notBefore: string;
  notAfter: string;
  timeZone: string;
}

/** The window as instants. */
export function windowBounds(window: CutoverWindow): { startMs: number; endMs: number } {
  return { startMs: windowTimeMs(window.notBefore, window.timeZone), endMs: windowTimeMs(window.notAfter, window.timeZone) };
}
