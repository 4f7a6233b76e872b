import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How far ahead a test puts a wall-clock moment (a failover's notBefore, a cutover window's edge) that some round
 * trips must come before (an update and its answer, a few workflow tasks, the test's next check): a loaded 2-core
 * machine can take seconds for those, more than the 2 to 6 s that are plenty on an idle one.
 */
export const SCHEDULE_MARGIN_MS = 10_000;

export interface PollOptions<T> {
  /** 30 s unless told. */
  timeoutMs?: number;
  /** 100 ms unless told. */
  intervalMs?: number;
  /** Why waiting longer is pointless (the awaited state can no longer come); fails at once with that reason. */
  stopIf?: (value: T) => string | undefined;
  /** Which errors of the probe are worth another try; any other fails at once. Every error unless told. */
  retryIf?: (error: unknown) => boolean;
}

/**
 * The one polling helper of the tests: calls `probe` until `accept` holds and returns that value; fails with
 * `what` and the last value or error seen. `options` may be just the timeout in milliseconds.
 */
export async function waitUntil<T>(
  what: string | (() => string),
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  options: number | PollOptions<T> = {},
): Promise<T> {
  const {
    timeoutMs = 30_000,
    intervalMs = 100,
    stopIf,
    retryIf = () => true,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const describe = () => (typeof what === 'string' ? what : what());
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    let value: T | undefined;
    let probed = false;
    try {
      value = await probe();
      probed = true;
    } catch (error) {
      if (!retryIf(error)) throw error;
      lastError = error;
    }
    if (probed) {
      last = value as T;
      lastError = undefined;
      if (accept(last)) return last;
      const stop = stopIf?.(last);
      if (stop) throw new Error(`gave up waiting for ${describe()}: ${stop}`);
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  const seen = lastError ? `last error: ${(lastError as Error).message}` : `last value: ${JSON.stringify(last)?.slice(0, 2000)}`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}; ${seen}`);
}
