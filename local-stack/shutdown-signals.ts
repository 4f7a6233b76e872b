/** Signals that end `npm start` and `npm run worker`. */
const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Calls `onShutdown(signal, forced)`: `forced` is false the first time and true when the user insists.
 * Repeats within a second are ignored: one Ctrl-C can reach us twice (through the process group and again
 * relayed by npm or tsx) and must not count as "press again to force".
 */
export function onShutdownSignal(onShutdown: (signal: NodeJS.Signals, forced: boolean) => void): void {
  let firstAt: number | undefined;
  const listener = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      onShutdown(signal, false);
    } else if (now - firstAt > 1_000) {
      onShutdown(signal, true);
    }
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, listener);
}
