/**
 * When to check an initial sync next: often near its end, rarely in the middle of a long one, and never
 * later than the moment it would count as stalled. Pure, so it is tested over simulated days of sync.
 */

/** A check waits at most this share of the estimated time to finish: completion is seen at most ~10% late. */
export const ETA_FRACTION = 10;

export interface SyncCheckScheduleInput {
  nowMs: number;
  percent: number;
  /** The first observation of this check activity: the rate is measured from it. */
  baseline: { percent: number; atMs: number };
  /** When progress last moved, as the checks observed it. */
  changedAtMs: number;
  stalled: boolean;
  stallAfterMs: number;
  /** The request's poll interval: checks never come more often. */
  minIntervalMs: number;
  /** Checks never come less often, whatever the estimate. */
  maxIntervalMs: number;
}

export function nextSyncCheckDelayMs(input: SyncCheckScheduleInput): number {
  const { nowMs, percent, baseline, minIntervalMs, maxIntervalMs } = input;
  const clamp = (ms: number) => Math.min(maxIntervalMs, Math.max(minIntervalMs, ms));
  const moved = percent - baseline.percent;
  const elapsedMs = nowMs - baseline.atMs;
  // With a rate: a fraction of the time to finish. Without one yet: back off, doubling from the minimum.
  let delay = moved > 0 && elapsedMs > 0 ? clamp(((100 - percent) * elapsedMs) / moved / ETA_FRACTION) : clamp(elapsedMs);
  if (!input.stalled) {
    // Check again exactly when no progress since the last move would make the replication stalled.
    const untilStalledMs = input.changedAtMs + input.stallAfterMs - nowMs;
    delay = Math.min(delay, Math.max(minIntervalMs, untilStalledMs));
  }
  return Math.round(delay);
}
