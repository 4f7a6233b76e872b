const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Runs `call` while calling `beat` on a clock of its own: a slow call never looks like a dead worker, and an
 * attempt lost with its worker is noticed by the server within the activity's heartbeat timeout.
 */
export async function whileHeartbeating<T>(beat: () => void, call: () => Promise<T>): Promise<T> {
  beat();
  const ticker = setInterval(beat, HEARTBEAT_EVERY_MS);
  try {
    return await call();
  } finally {
    clearInterval(ticker);
  }
}
