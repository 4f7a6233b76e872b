import type { EmulatorContext } from '../context';
import { replicationProgress, type ReplicationProgress } from './simulation';
import type { ProtectedItemState } from './state';

/** Initial replication progress of an item with the stall fault applied: where it is, and whether it is stuck. */
export function progressOf(ctx: EmulatorContext, item: ProtectedItemState, now: number): ReplicationProgress & { stalled: boolean } {
  const stallAt = ctx.faults.stallAtPercent(item);
  const progress = replicationProgress(item, ctx.clock, now, stallAt);
  const stalled = stallAt !== undefined && !progress.complete && item.replication.startedAt !== undefined && progress.percent >= stallAt;
  return { ...progress, stalled };
}
