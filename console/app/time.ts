import { useEffect, useState } from 'preact/hooks';

/** "1h 02m", "3m 07s", "12s". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m, s] = [Math.floor(seconds / 86400), Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
}

export function localTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** The current time, re-read every `everyMs` so waiting times and the current stage's duration tick. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Calls `load` now and every `everyMs` until unmounted (or `deps` change), with a signal that aborts then. */
export function usePolling(load: (signal: AbortSignal) => Promise<void>, everyMs: number, deps: unknown[]): void {
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await load(stop.signal).catch(() => undefined);
      if (!stop.signal.aborted) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, deps);
}
