import fc from 'fast-check';
import { nextSyncCheckDelayMs } from '../../activities/sync-check-schedule';
import { MAX_SYNC_CHECK_INTERVAL_MS } from '../../workflows/activity-stubs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Sync {
  /** Progress (0-100, as ASR reports it: whole percent) at a time since the sync began. */
  percentAt(ms: number): number;
}

const linear = (durationMs: number): Sync => ({ percentAt: (ms) => Math.min(100, Math.floor((100 * ms) / durationMs)) });

/**
 * The checks one adaptive check activity makes, as activities/initial-replication.ts makes them: each reads the
 * sync, carries its observation to the next, and returns when the sync completes or its stall state changes.
 */
function simulate(sync: Sync, settings: { minIntervalMs: number; stallAfterMs: number; limitMs: number }) {
  const checks: { atMs: number; percent: number; stalled: boolean }[] = [];
  let now = 0;
  let last: { percent: number; changedAtMs: number; baseline: { percent: number; atMs: number } } | undefined;
  while (now <= settings.limitMs) {
    const percent = sync.percentAt(now);
    const changedAtMs = last && percent === last.percent ? last.changedAtMs : now;
    const stalled = percent < 100 && now - changedAtMs >= settings.stallAfterMs;
    checks.push({ atMs: now, percent, stalled });
    if (percent === 100 || stalled) break;
    const baseline = last?.baseline ?? { percent, atMs: now };
    const delay = nextSyncCheckDelayMs({
      nowMs: now,
      percent,
      baseline,
      changedAtMs,
      stalled,
      stallAfterMs: settings.stallAfterMs,
      minIntervalMs: settings.minIntervalMs,
      maxIntervalMs: MAX_SYNC_CHECK_INTERVAL_MS,
    });
    last = { percent, changedAtMs, baseline };
    now += delay;
  }
  return checks;
}

describe('adaptive sync checks', () => {
  it('a 48-hour sync costs at most 150 checks with the default settings (60 s poll interval, stalled after 60 minutes)', () => {
    const checks = simulate(linear(48 * HOUR), { minIntervalMs: MINUTE, stallAfterMs: 60 * MINUTE, limitMs: 72 * HOUR });
    expect(checks.at(-1)).toMatchObject({ percent: 100, stalled: false });
    expect(checks.length).toBeLessThanOrEqual(150);
    // and completion is seen soon after it happens (within 10 minutes of 48 hours here)
    expect(checks.at(-1)!.atMs - 48 * HOUR).toBeLessThanOrEqual(10 * MINUTE);
  });

  it('a steady sync of any length up to 48 hours costs at most 150 checks and is never flagged as stalled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 * 60 }), fc.integer({ min: 60, max: 10_080 }), (minutes, stallMinutes) => {
        const durationMs = minutes * MINUTE;
        // Progress moves at least every stallAfter: a sync of 48 h moves 1% every 29 minutes.
        fc.pre(durationMs / 100 < stallMinutes * MINUTE);
        const checks = simulate(linear(durationMs), {
          minIntervalMs: MINUTE,
          stallAfterMs: stallMinutes * MINUTE,
          limitMs: 3 * durationMs + HOUR,
        });
        expect(checks.every((c) => !c.stalled)).toBe(true);
        expect(checks.at(-1)!.percent).toBe(100);
        expect(checks.length).toBeLessThanOrEqual(150);
      }),
    );
  });

  it('a sync that stops is flagged as stalled as soon as it has not moved for the stall time since a check last saw it move', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 48 * 60 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 10_080 }),
        (minutes, stopAtPercent, pollSeconds, stallMinutes) => {
          const durationMs = minutes * MINUTE;
          const stopAtMs = (durationMs * stopAtPercent) / 100;
          const stallAfterMs = stallMinutes * MINUTE;
          const sync = { percentAt: (ms: number) => linear(durationMs).percentAt(Math.min(ms, stopAtMs)) };
          const checks = simulate(sync, {
            minIntervalMs: pollSeconds * 1000,
            stallAfterMs,
            limitMs: durationMs + 2 * stallAfterMs + 2 * HOUR,
          });
          const flagged = checks.at(-1)!;
          expect(flagged.stalled).toBe(true);
          const lastMoveSeen = checks.find((c) => c.percent === flagged.percent)!;
          // Never early, and late by no more than the poll interval (the floor of every delay).
          expect(flagged.atMs - lastMoveSeen.atMs).toBeGreaterThanOrEqual(stallAfterMs);
          expect(flagged.atMs - lastMoveSeen.atMs).toBeLessThanOrEqual(stallAfterMs + pollSeconds * 1000);
        },
      ),
    );
  });

  it('never checks more often than the poll interval nor less often than the maximum interval', () => {
    fc.assert(
      fc.property(
        fc.record({
          nowMs: fc.integer({ min: 0, max: 10 ** 9 }),
          percent: fc.integer({ min: 0, max: 99 }),
          basePercent: fc.integer({ min: 0, max: 99 }),
          baseAgoMs: fc.integer({ min: 0, max: 10 ** 8 }),
          changedAgoMs: fc.integer({ min: 0, max: 10 ** 8 }),
          stalled: fc.boolean(),
          stallAfterMs: fc.integer({ min: MINUTE, max: 10_080 * MINUTE }),
          minIntervalMs: fc.integer({ min: 1000, max: HOUR }),
        }),
        (s) => {
          const delay = nextSyncCheckDelayMs({
            nowMs: s.nowMs,
            percent: Math.max(s.percent, s.basePercent),
            baseline: { percent: s.basePercent, atMs: s.nowMs - s.baseAgoMs },
            changedAtMs: s.nowMs - s.changedAgoMs,
            stalled: s.stalled,
            stallAfterMs: s.stallAfterMs,
            minIntervalMs: s.minIntervalMs,
            maxIntervalMs: MAX_SYNC_CHECK_INTERVAL_MS,
          });
          expect(delay).toBeGreaterThanOrEqual(s.minIntervalMs);
          expect(delay).toBeLessThanOrEqual(Math.max(s.minIntervalMs, MAX_SYNC_CHECK_INTERVAL_MS));
        },
      ),
    );
  });
});
