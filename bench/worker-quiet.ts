import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkerChild } from './worker-child';

/** At most this many activity slots busy counts as quiet: a parked fleet's sync checks come and go. */
const QUIET_ACTIVITY_SLOTS = 5;
const QUIET_WORKFLOW_SLOTS = 1;
/** Quiet for this long, sampled at the worker's metrics cadence. */
const QUIET_FOR_MS = 5_000;
const SAMPLE_MS = 500;
/**
 * Long operations of terminated migrations learn of it at their next heartbeat (a keep-alive every half of their
 * 60 s heartbeat timeout), so a worker is quiet within about a minute of terminations; this bounds the wait.
 */
const QUIET_WAIT_MAX_MS = 120_000;

/**
 * Waits until the worker has been quiet for QUIET_FOR_MS (or QUIET_WAIT_MAX_MS passed): after terminating
 * thousands of migrations, what follows is measured on a fleet that waits, not on one still winding down.
 */
export async function waitUntilQuiet(worker: WorkerChild): Promise<{ seconds: number; quiet: boolean }> {
  const began = performance.now();
  let quietSince: number | undefined;
  while (performance.now() - began < QUIET_WAIT_MAX_MS) {
    const { activity, workflow } = worker.slotsInUse();
    const now = performance.now();
    if (activity <= QUIET_ACTIVITY_SLOTS && workflow <= QUIET_WORKFLOW_SLOTS) {
      quietSince ??= now;
      if (now - quietSince >= QUIET_FOR_MS) return { seconds: (now - began) / 1000, quiet: true };
    } else quietSince = undefined;
    await sleep(SAMPLE_MS);
  }
  return { seconds: (performance.now() - began) / 1000, quiet: false };
}
