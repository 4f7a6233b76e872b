import type { EmulatorContext } from '../context';
import type { FaultConfig } from './faults';
import type { Provider } from './inventory';
import type { ItemPhase, ProtectedItemState } from './state';

/**
 * Ongoing replication after the initial sync: its RPO and health. Replication keeps up when nothing slows it (the RPO
 * is the provider's cycle); a replicationThroughput fault at factor f < 1 makes the backlog grow by (1 - f) virtual
 * seconds per virtual second from the moment the fault is set; once lifted, the backlog drains CATCH_UP_RATE times as
 * fast. Everything follows from the clock and the recorded fault changes, never from how often it is read.
 */

/** The RPO when replication keeps up: Hyper-V replicates every 5 minutes (the policy's replicationInterval), the others continuously. */
const BASE_RPO_SECONDS: Record<Provider, number> = { HyperVReplicaAzure: 300, InMageRcm: 30, A2A: 30 };

/** Virtual seconds of backlog a resumed replication clears per virtual second. */
const CATCH_UP_RATE = 3;

/** Phases in which data replicates (to Azure, or, ReverseProtected, from Azure to on-premises). */
const REPLICATING: readonly ItemPhase[] = ['Protected', 'Reprotected', 'ReverseProtected'];

export function isReplicating(item: ProtectedItemState): boolean {
  return REPLICATING.includes(item.phase) && replicatingSince(item) !== undefined;
}

/** Start of the current replication: the end of the initial sync, or of the last reprotect. */
export function replicatingSince(item: ProtectedItemState): number | undefined {
  return item.dr?.replicatingSince ?? item.replication.completedAt;
}

/** Virtual seconds of changes not yet replicated at `now`. */
export function backlogSeconds(ctx: EmulatorContext, item: ProtectedItemState, now: number): number {
  const since = replicatingSince(item);
  if (since === undefined) return 0;
  const lag = item.dr?.lag ?? { at: since, backlogSeconds: 0, factor: ctx.faults.replicationFactor(item) };
  if (now <= lag.at) return lag.backlogSeconds;
  const elapsed = (now - lag.at) / ctx.clock.msFor(1);
  const rate = lag.factor < 1 ? 1 - lag.factor : -CATCH_UP_RATE;
  return Math.max(0, lag.backlogSeconds + elapsed * rate);
}

export interface ReplicationHealth {
  rpoSeconds: number;
  /** When the newest data (and recovery point) reached the target: now minus the RPO. */
  lastReceivedAt: number;
  /** The emulator time this was calculated at (one clock read, so lastReceivedAt + RPO is exactly this). */
  calculatedAt: number;
  thresholdSeconds: number;
  health: 'Normal' | 'Warning' | 'Critical';
}

/** RPO and health of a replicating item: Warning past the policy's RPO threshold, Critical past twice that. */
export function replicationHealthOf(ctx: EmulatorContext, item: ProtectedItemState, now: number): ReplicationHealth | undefined {
  if (!isReplicating(item)) return undefined;
  const rpoSeconds = Math.round(BASE_RPO_SECONDS[item.provider] + backlogSeconds(ctx, item, now));
  const thresholdSeconds = ctx.topology.policy(item.policy).rpoThresholdMinutes * 60;
  const health = rpoSeconds > 2 * thresholdSeconds ? 'Critical' : rpoSeconds > thresholdSeconds ? 'Warning' : 'Normal';
  return { rpoSeconds, lastReceivedAt: now - ctx.clock.msFor(rpoSeconds), calculatedAt: now, thresholdSeconds, health };
}

/** Newest moment whose data has reached the target: recovery points stop there. */
export function replicatedUntil(ctx: EmulatorContext, item: ProtectedItemState, now: number): number {
  return now - ctx.clock.msFor(backlogSeconds(ctx, item, now));
}

/**
 * Replaces the fault configuration at `now`: each replicating item keeps the backlog it built under the old faults
 * and continues from it at its new rate. The one way faults change once the emulator runs.
 */
export function replaceFaults(ctx: EmulatorContext, config: FaultConfig, now: number): void {
  const replicating = Object.values(ctx.state.items).filter(isReplicating);
  const backlogs = replicating.map((item) => backlogSeconds(ctx, item, now));
  ctx.faults.replace(config);
  replicating.forEach((item, index) => {
    item.dr = { ...item.dr, lag: { at: now, backlogSeconds: backlogs[index], factor: ctx.faults.replicationFactor(item) } };
  });
  // A stall set or lifted changes which initial syncs can complete.
  ctx.index.rescheduleInitialSyncs(ctx.state, ctx.clock);
}

/** A replication (re)starts at `at` (initial sync done elsewhere, or a reprotect): no backlog yet. */
export function restartReplication(item: ProtectedItemState, at: number): void {
  item.dr = { ...item.dr, replicatingSince: at, lag: undefined };
}
