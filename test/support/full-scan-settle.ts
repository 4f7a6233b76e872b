import type { EmulatorContext } from '../../emulator/context';
import { progressOf } from '../../emulator/model/progress';
import { applyOutcome } from '../../emulator/model/settle';
import { replicationEndsAt } from '../../emulator/model/simulation';

/**
 * The emulator's settle as it was before its index (emulator/model/settle.ts): every job and every item scanned on
 * every call. Kept only as the oracle the indexed settle must agree with, state for state.
 */
export function fullScanSettle(ctx: EmulatorContext, now: number): boolean {
  let changed = false;
  const due = Object.values(ctx.state.jobs)
    .filter((job) => !job.settled && job.endsAt <= now)
    .sort((a, b) => a.endsAt - b.endsAt);
  for (const job of due) {
    const item = ctx.state.items[job.itemKey];
    if (item) applyOutcome(ctx, item, job);
    job.settled = true;
    changed = true;
  }
  for (const item of Object.values(ctx.state.items)) {
    if (item.phase !== 'InitialReplication') continue;
    if (progressOf(ctx, item, now).complete) {
      item.phase = 'Protected';
      item.replication.completedAt = Math.min(now, replicationEndsAt(item, ctx.clock) ?? now);
      changed = true;
    }
  }
  return changed;
}
