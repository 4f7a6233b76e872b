import { setTimeout as sleep } from 'node:timers/promises';
import { mapWithConcurrency } from '../client/concurrency';
import type { WorkerTuning } from '../config/worker-tuning';
import { benchWorker, type BenchStack } from './bench-stack';
import { Fleet, FLOOR_ID_PREFIX, START_CONCURRENCY } from './drive';
import { findableFloorWaitingFinder } from './floor-waiting';
import { FINDABLE_FLOOR_WORKFLOW } from './floor-workflow';
import { FILL_CONCURRENCY, fillPaced, parkedFleetEmulator, timePark, type ParkTiming } from './parked-shape';
import type { SlotPeaks } from './worker-child';

/** How long a parked fleet is watched, once parked, for the slots its waits hold. */
export const PARKED_WATCH_MS = 15_000;

export interface FloorParkResult extends ParkTiming {
  machines: number;
  slotPeaksWhileParking: SlotPeaks;
  slotPeaksParked: SlotPeaks;
}

/**
 * The floor's side of the parked phase: `machines` floors with the parked fleet's shape (half never finish
 * syncing, half go on to wait for failover approval, their test approvals sent as soon as they wait), on one
 * worker with the same tuning, started the way siteshift's fleet is (the first `measuredStarts` at
 * START_CONCURRENCY, the rest paced as siteshift's: fillPaced). The findable floor is used (MigrationStage upserted at
 * its waits, three actions siteshift's workflow also spends) so the fleet is counted and listed by
 * visibility, as siteshift's is, and never by queries to its worker. Every floor is terminated at the end,
 * so siteshift's park that follows has the server to itself.
 */
export async function floorPark(
  stack: BenchStack,
  machines: number,
  { measuredStarts, maxFilling, timeoutMs }: { measuredStarts: number; maxFilling: number; timeoutMs: number },
  tuning: Partial<WorkerTuning>,
): Promise<FloorParkResult> {
  const tag = `park-floor-${Date.now().toString(36)}`;
  const { emulator, requests } = await parkedFleetEmulator(stack, tag, machines);
  const worker = await benchWorker(stack, 'floor', emulator, tag, tuning);
  const findWaiting = findableFloorWaitingFinder(stack.clients.floor, requests[0].wave!, FLOOR_ID_PREFIX);
  const fleet = new Fleet('floor', stack.clients.floor, tag, requests, { floorWorkflow: FINDABLE_FLOOR_WORKFLOW, findWaiting });
  const stop = new AbortController();
  const operator = fleet.operate(['approveTestFailover'], stop.signal);
  try {
    const began = performance.now();
    await fleet.start(requests.slice(0, measuredStarts), START_CONCURRENCY);
    const filling = fillPaced(fleet, requests.slice(measuredStarts), measuredStarts, maxFilling, stop.signal);
    filling.catch(() => undefined); // awaited after the park is timed: a failed start must not crash the process meanwhile
    const timing = await timePark(fleet, machines, began, began + timeoutMs);
    stop.abort();
    await filling;
    await operator;
    const slotPeaksWhileParking = worker.slotPeaks();
    worker.resetSlotPeaks();
    await sleep(PARKED_WATCH_MS);
    return { machines, ...timing, slotPeaksWhileParking, slotPeaksParked: worker.slotPeaks() };
  } finally {
    stop.abort();
    await operator.catch(() => undefined);
    await mapWithConcurrency(requests, FILL_CONCURRENCY, (r) =>
      fleet
        .handle(r.machineId)
        .terminate('npm run bench: floor park measured')
        .catch(() => undefined),
    );
    await worker.stop();
    await emulator.stop();
  }
}
