import type { ProtectedItemState } from './state';

/**
 * Virtual time. Durations (jobs, replication) are expressed in virtual seconds; timeScale virtual seconds pass
 * per real second. The clock offset lets tests jump forward without sleeping, and is persisted with the state.
 */
export class Clock {
  constructor(
    readonly timeScale: number,
    public offsetMs = 0,
  ) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** Set while one request (or admin change) is handled: everything it computes sees the same moment. */
  private heldAt: number | undefined;

  now(): number {
    return this.heldAt ?? Date.now() + this.offsetMs;
  }

  /**
   * Runs `work` (synchronous) with time standing still at one reading of the clock, so nothing it derives from two
   * readings can disagree (an operation that ended between two readings, a loaded machine's gap between them).
   */
  still<T>(work: () => T): T {
    if (this.heldAt !== undefined) return work();
    this.heldAt = this.now();
    try {
      return work();
    } finally {
      this.heldAt = undefined;
    }
  }

  /** Real (emulator clock) milliseconds that a virtual duration takes. */
  msFor(virtualSeconds: number): number {
    return (virtualSeconds * 1000) / this.timeScale;
  }

  advance(virtualSeconds: number): void {
    this.offsetMs += this.msFor(virtualSeconds);
    if (this.heldAt !== undefined) this.heldAt += this.msFor(virtualSeconds);
  }
}

export const GIB = 1024 ** 3;

export function bytesPerSecondFor(bandwidthMbps: number): number {
  return (bandwidthMbps * 1_000_000) / 8;
}

export interface ReplicationProgress {
  percent: number;
  transferredBytes: number;
  complete: boolean;
}

/**
 * Initial replication progress, computed from the clock alone (never from how often it is read).
 * A stalled item never passes `stallAtPercent`.
 */
export function replicationProgress(item: ProtectedItemState, clock: Clock, now: number, stallAtPercent?: number): ReplicationProgress {
  const { totalBytes, bytesPerSecond, startedAt, completedAt } = item.replication;
  if (completedAt !== undefined) return { percent: 100, transferredBytes: totalBytes, complete: true };
  if (startedAt === undefined || now <= startedAt) return { percent: 0, transferredBytes: 0, complete: false };
  const virtualSeconds = ((now - startedAt) / 1000) * clock.timeScale;
  let transferred = Math.min(totalBytes, virtualSeconds * bytesPerSecond);
  if (stallAtPercent !== undefined) transferred = Math.min(transferred, (totalBytes * stallAtPercent) / 100);
  const complete = transferred >= totalBytes;
  return { percent: complete ? 100 : Math.floor((transferred / totalBytes) * 100), transferredBytes: Math.floor(transferred), complete };
}

/** When initial replication of the item finishes if nothing stalls it. */
export function replicationEndsAt(item: ProtectedItemState, clock: Clock): number | undefined {
  const { totalBytes, bytesPerSecond, startedAt } = item.replication;
  if (startedAt === undefined) return undefined;
  return startedAt + clock.msFor(totalBytes / bytesPerSecond);
}
