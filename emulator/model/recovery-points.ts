import { badRequest } from '../http/errors';
import { lastSegment, protectedItemId, sameName, stableGuid } from '../http/resource-ids';
import type { EmulatorContext } from '../context';
import type { ProtectedItemState } from './state';

/**
 * Recovery points of a replicating item, generated from its policy: one crash-consistent point every
 * crashConsistentFrequencyMinutes since initial replication completed, every point on the app-consistent
 * frequency being application-consistent (the first one included), kept for recoveryPointHistoryMinutes.
 * They stop at the failover (the item no longer replicates) and are gone once the failover is committed.
 */

export interface RecoveryPoint {
  name: string;
  time: number;
  type: 'ApplicationConsistent' | 'CrashConsistent';
}

/** More points than this are never listed (the oldest are dropped), whatever the retention. */
const MAX_POINTS = 2000;

export function recoveryPointsOf(ctx: EmulatorContext, item: ProtectedItemState, now: number): RecoveryPoint[] {
  const from = item.replication.completedAt;
  if (from === undefined || (item.phase !== 'Protected' && item.phase !== 'FailedOver')) return [];
  const policy = ctx.topology.policy(item.policy);
  const crashMinutes = policy.crashConsistentFrequencyMinutes > 0 ? policy.crashConsistentFrequencyMinutes : 5;
  const appMinutes = policy.appConsistentFrequencyMinutes;
  const stepMs = ctx.clock.msFor(crashMinutes * 60);
  const until = item.phase === 'FailedOver' ? (item.lastFailoverAt ?? now) : now;
  if (until < from) return [];
  const last = Math.floor((until - from) / stepMs);
  const oldestKept = Math.ceil((until - ctx.clock.msFor(policy.recoveryPointHistoryMinutes * 60) - from) / stepMs);
  const first = Math.max(0, oldestKept, last - MAX_POINTS + 1);
  const points: RecoveryPoint[] = [];
  for (let k = first; k <= last; k++) {
    const appConsistent = appMinutes > 0 && (k * crashMinutes) % appMinutes === 0;
    points.push({
      name: stableGuid(`${item.fabric}/${item.container}/${item.name}/${item.createdAt}/${k}`),
      time: from + k * stepMs,
      type: appConsistent ? 'ApplicationConsistent' : 'CrashConsistent',
    });
  }
  return points;
}

/**
 * The point a (test) failover uses: the one the input names (its id or name), else the latest. A point the item
 * does not have is refused, as ASR refuses it.
 */
export function recoveryPointFor(
  ctx: EmulatorContext,
  item: ProtectedItemState,
  requested: string | undefined,
  now: number,
): string | undefined {
  const points = recoveryPointsOf(ctx, item, now);
  const id = (point: RecoveryPoint) => `${protectedItemId(ctx.scope, item.fabric, item.container, item.name)}/recoveryPoints/${point.name}`;
  if (requested === undefined) {
    const latest = points.at(-1);
    return latest ? id(latest) : undefined;
  }
  const found = points.find((p) => sameName(p.name, lastSegment(requested)));
  if (!found) {
    throw badRequest(
      'RecoveryPointNotFound',
      `The recovery point '${requested}' does not exist for replication protected item '${item.name}' (expired, or never taken).`,
    );
  }
  return id(found);
}
