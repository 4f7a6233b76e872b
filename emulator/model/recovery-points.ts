import { badRequest } from '../http/errors';
import { lastSegment, protectedItemId, sameName, stableGuid } from '../http/resource-ids';
import type { EmulatorContext } from '../context';
import { isReplicating, replicatedUntil, replicatingSince } from './replication-health';
import type { ProtectedItemState } from './state';

/**
 * Recovery points of a replicating item, generated from its policy: one crash-consistent point every
 * crashConsistentFrequencyMinutes since initial replication completed, every point on the app-consistent
 * frequency being application-consistent (the first one included), kept for recoveryPointHistoryMinutes.
 * They stop at the failover (the item no longer replicates) and are gone once the failover is committed; a reprotect
 * starts a new series (for InMageRcm, of the replication from Azure to on-premises).
 */

export interface RecoveryPoint {
  name: string;
  time: number;
  type: 'ApplicationConsistent' | 'CrashConsistent';
}

/** More points than this are never listed (the oldest are dropped), whatever the retention. */
const MAX_POINTS = 2000;

export function recoveryPointsOf(ctx: EmulatorContext, item: ProtectedItemState, now: number): RecoveryPoint[] {
  const from = replicatingSince(item);
  const failedOver = item.phase === 'FailedOver';
  if (from === undefined || (!failedOver && !isReplicating(item))) return [];
  const policy = ctx.topology.policy(item.policy);
  const crashMinutes = policy.crashConsistentFrequencyMinutes > 0 ? policy.crashConsistentFrequencyMinutes : 5;
  const appMinutes = policy.appConsistentFrequencyMinutes;
  const stepMs = ctx.clock.msFor(crashMinutes * 60);
  // Replicating: points exist up to the data that reached the target (a lagging replication has none newer).
  const until = failedOver ? (item.lastFailoverAt ?? now) : replicatedUntil(ctx, item, now);
  if (until < from) return [];
  const last = Math.floor((until - from) / stepMs);
  const oldestKept = Math.ceil((until - ctx.clock.msFor(policy.recoveryPointHistoryMinutes * 60) - from) / stepMs);
  const first = Math.max(0, oldestKept, last - MAX_POINTS + 1);
  // Each replication (the first, and each after a reprotect) names its points apart.
  const cycle = from === item.replication.completedAt ? `${item.createdAt}` : `${item.createdAt}/${from}`;
  const points: RecoveryPoint[] = [];
  for (let k = first; k <= last; k++) {
    const appConsistent = appMinutes > 0 && (k * crashMinutes) % appMinutes === 0;
    points.push({
      name: stableGuid(`${item.fabric}/${item.container}/${item.name}/${cycle}/${k}`),
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
