import { setTimeout as sleep } from 'node:timers/promises';
import type { MigrationRequestInput } from '../common/migration-request';
import type { Stage } from '../common/stages';
import { fleetEmulator, type BenchStack } from './bench-stack';
import { totalCount, type Fleet } from './drive';

/** Starts in flight while filling a parked fleet beyond the measured starts. */
export const FILL_CONCURRENCY = 32;
/** A disk of this size syncs in ~5 minutes at the emulator's 100 Mbit/s; 2,025 GB in ~48 hours. */
export const DISK_GB_5_MIN = 4;
export const DISK_GB_48_H = 2025;
/** Far more than any bench lasts: a machine that stays in its initial sync. */
export const DISK_GB_NEVER = 10_000_000;

/** A parked fleet's machines: the even ones never finish their initial sync, the odd ones go on to wait for failover approval. */
export function parkedFleetEmulator(stack: BenchStack, tag: string, count: number) {
  return fleetEmulator(stack, tag, count, (i) => (i % 2 === 0 ? DISK_GB_NEVER : DISK_GB_5_MIN), 1000);
}

/** Where a parked fleet of `count` waits once parked (the shape of parkedFleetEmulator). */
export function parkedStages(count: number): Partial<Record<Stage, number>> {
  const awaiting = Math.floor(count / 2);
  return { InitialReplication: count - awaiting, AwaitingFailoverApproval: awaiting };
}

/** How often a paced fill recounts the parked migrations while it holds starts back. */
const FILL_RECOUNT_MS = 500;

/**
 * Starts `requests` (at FILL_CONCURRENCY) keeping at most `maxFilling` of the fleet between their start and
 * their wait, as a wave's replication slots do: `startedBefore` of the fleet are already started, and the
 * parked ones are counted by visibility (parkedStages). A fleet started all at once instead has thousands in
 * flight on one worker, far more than its cache holds, so most of their tasks replay their history first.
 * Stops starting when `stop` is aborted; returns how many it started.
 */
export async function fillPaced(
  fleet: Fleet,
  requests: MigrationRequestInput[],
  startedBefore: number,
  maxFilling: number,
  stop: AbortSignal,
): Promise<number> {
  const expected = parkedStages(fleet.requests.length);
  let started = startedBefore;
  let parked = 0;
  let recount: Promise<void> | undefined;
  const recountParked = () =>
    (recount ??= fleet
      .countByStage(expected)
      .then((counts) => void (parked = totalCount(counts)))
      .finally(() => sleep(FILL_RECOUNT_MS).then(() => (recount = undefined))));
  let i = 0;
  while (i < requests.length && !stop.aborted) {
    if (started - parked >= maxFilling) {
      await recountParked();
      continue;
    }
    const batch = requests.slice(i, i + Math.min(FILL_CONCURRENCY, maxFilling - (started - parked)));
    started += batch.length;
    i += batch.length;
    await fleet.start(batch, FILL_CONCURRENCY);
  }
  return i;
}

export interface ParkTiming {
  /** Seconds from the first start until every migration waited where it should; absent when not within the time allowed. */
  parkSeconds?: number;
  /** Why not all parked. */
  parkError?: string;
  /** Migrations parked at the last look (all of them when parkSeconds is set). */
  parkedCount: number;
  /** parkedCount over the seconds from the first start to that look. */
  parkedPerSecond: number;
  /** When the first `firstCount` had parked (seconds from the first start), if they did. */
  firstParkedSeconds?: number;
}

/** Waits for the fleet (started at `began`, performance.now()) to park, until `deadline`, and times it. */
export async function timePark(fleet: Fleet, count: number, began: number, deadline: number, firstCount = count): Promise<ParkTiming> {
  let last = { parked: 0, seconds: 0 };
  let firstParkedSeconds: number | undefined;
  const onCount = (parked: number) => {
    last = { parked, seconds: (performance.now() - began) / 1000 };
    if (firstParkedSeconds === undefined && parked >= firstCount) firstParkedSeconds = last.seconds;
  };
  try {
    await fleet.waitForStages(parkedStages(count), deadline - performance.now(), onCount);
    const parkSeconds = (performance.now() - began) / 1000;
    return { parkSeconds, parkedCount: count, parkedPerSecond: count / parkSeconds, firstParkedSeconds: firstParkedSeconds ?? parkSeconds };
  } catch (error) {
    const parkError = error instanceof Error ? error.message : String(error);
    return { parkError, parkedCount: last.parked, parkedPerSecond: last.parked / Math.max(last.seconds, 1e-3), firstParkedSeconds };
  }
}
