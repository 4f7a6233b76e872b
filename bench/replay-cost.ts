import { promiseHooks } from 'node:v8';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { FLAVOURS, flavoursInRound, type BenchStack, type Flavour } from './bench-stack';
import { percentile } from './drive';

/** One finished run of a flavour, as the server recorded it. */
export interface RecordedRun {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

export interface ReplayCostResult {
  replays: number;
  rounds: number;
  flavours: Record<Flavour, { cpuMsPerMigration: number; roundsMs: number[]; historyEvents: number; promisesPerMigration: number }>;
}

/**
 * What a migration's workflow code costs the worker's CPU, without the server, the emulator or the machine's
 * neighbours in the measure: one recorded history of each flavour (from the 5-minute cost phase) replayed
 * `replays` times per round in this process, rounds alternating the flavours; each flavour's median round, in CPU
 * ms per replay. A replay runs what a worker runs for that history on a cache miss (the whole workflow code but
 * the update validators, which do not run on replay) and the SDK's replay machinery, the same for both.
 */
export async function replayCost(
  stack: BenchStack,
  recorded: Partial<Record<Flavour, RecordedRun>>,
  replays = 300,
  rounds = 5,
): Promise<ReplayCostResult> {
  const runs = FLAVOURS.map((flavour) => recorded[flavour] ?? missing(flavour));
  const roundsMs: Record<Flavour, number[]> = { floor: [], siteshift: [] };
  for (let round = 0; round < rounds; round++) {
    for (const flavour of flavoursInRound(round))
      roundsMs[flavour].push(await cpuMsPerReplay(stack.bundles[flavour].path, runs[FLAVOURS.indexOf(flavour)], replays));
  }
  const flavours = {} as ReplayCostResult['flavours'];
  for (const [i, flavour] of FLAVOURS.entries())
    flavours[flavour] = {
      cpuMsPerMigration: percentile(roundsMs[flavour], 50),
      roundsMs: roundsMs[flavour],
      historyEvents: runs[i].history.events?.length ?? 0,
      promisesPerMigration: await promisesPerReplay(stack.bundles[flavour].path, runs[i]),
    };
  return { replays, rounds, flavours };
}

/** CPU per replay from the first replay's end to the last's: the replay worker's start-up (bundle load) is left out. */
async function cpuMsPerReplay(codePath: string, run: RecordedRun, replays: number): Promise<number> {
  let from: NodeJS.CpuUsage | undefined;
  await replayAfterAFirst(codePath, run, replays, () => (from = process.cpuUsage()));
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000 / replays;
}

/**
 * Promises the workflow code creates per replay, counted from the first replay's end. Every one costs the worker
 * more than its allocation: the SDK's promise hook captures a stack trace for each (for `temporal workflow stack`),
 * in every run of the workflow code, not only in replays.
 */
async function promisesPerReplay(codePath: string, run: RecordedRun, replays = 20): Promise<number> {
  let created: number | undefined;
  // The workflow's promises are the sandbox's: their constructor is not this realm's Promise.
  const stop = promiseHooks.onInit((promise) => {
    if (created !== undefined && promise.constructor !== Promise) created++;
  });
  try {
    await replayAfterAFirst(codePath, run, replays, () => (created = 0));
  } finally {
    stop();
  }
  return (created ?? 0) / replays;
}

/**
 * Replays `run` 1 + `replays` times in one replay worker, calling `firstDone` once the first replay ended: what
 * follows it is measured without the worker's start-up (bundle load). A replay that fails fails the measure.
 */
async function replayAfterAFirst(codePath: string, { workflowId, history }: RecordedRun, replays: number, firstDone: () => void) {
  const histories = Array.from({ length: replays + 1 }, () => ({ workflowId, history }));
  let first = true;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath } }, histories)) {
    if (result.error) throw new Error(`replaying ${workflowId} failed: ${String(result.error)}`);
    if (first) firstDone();
    first = false;
  }
}

function missing(flavour: Flavour): never {
  throw new Error(
    `no recorded ${flavour} run: replay-cost replays the histories of cost-5min-sync (run both, e.g. --only cost-5min-sync,replay-cost)`,
  );
}
