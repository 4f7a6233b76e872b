import { temporal } from '@temporalio/proto';
import type { MigrationRequestInput } from '../common/migration-request';
import type { Stage } from '../common/stages';
import type { RunningEmulator } from '../emulator';
import { DEFAULT_WORKER_TUNING } from '../config/worker-tuning';
import { fleetEmulator, FLAVOURS, flavoursInRound, NAMESPACES, benchWorker, type BenchStack, type Flavour } from './bench-stack';
import { Fleet, FLOOR_ID_PREFIX, mean, percentile, spread, START_CONCURRENCY, type FloorWorkflow } from './drive';
import { VISIBLE_FLOOR_WORKFLOW } from './floor-workflow';
import { approvalWaitsMs } from './approval-waits';
import type { RecordedRun } from './replay-cost';
import { floorWaitingFinder } from './floor-waiting';
import { floorPark, PARKED_WATCH_MS, type FloorParkResult } from './floor-park';
import { DISK_GB_5_MIN, DISK_GB_NEVER, FILL_CONCURRENCY, fillPaced, parkedFleetEmulator, timePark } from './parked-shape';
import { waitUntilQuiet } from './worker-quiet';
import { processGroupCpuSeconds } from './process-cpu';
import type { SlotPeaks } from './worker-child';
import { startBenchApi, startThroughApi } from './api-starts';
import { mapWithConcurrency } from '../client/concurrency';
import { actionsByType, difference } from './prometheus';
import { moduleHeapPerContextKbInChild } from './context-memory';

/** The floor's park, beside siteshift's: at most this many (its rate, not the engine's limits at 10,000). */
const FLOOR_PARK_MAX = 1000;
/** Histories read (after the timing) for the approvals' waits at once. */
const APPROVAL_WAIT_SAMPLE = 100;

const split = <T>(items: T[]): Record<Flavour, T[]> => ({
  floor: items.filter((_, i) => i % 2 === 0),
  siteshift: items.filter((_, i) => i % 2 === 1),
});
const isItemRead = (method: string, resourceId?: string) =>
  method === 'GET' && /\/replicationprotecteditems\/[^/]+$/.test(resourceId ?? '');
const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

/**
 * A fleet the operator drives to its end, each approval sent when the migration waits for it: siteshift's
 * found by a visibility query per stage, the floor's (no search attributes) from the emulator's log and describes.
 */
function drivenFleet(
  stack: BenchStack,
  flavour: Flavour,
  emulator: RunningEmulator,
  taskQueue: string,
  requests: MigrationRequestInput[],
  floorWorkflow?: FloorWorkflow,
) {
  const ids = requests.map((r) => r.machineId);
  const findWaiting = flavour === 'floor' ? floorWaitingFinder(stack.clients.floor, emulator, ids, FLOOR_ID_PREFIX) : undefined;
  return new Fleet(flavour, stack.clients[flavour], taskQueue, requests, { findWaiting, floorWorkflow });
}

export interface CostResult {
  label: string;
  machines: number;
  flavours: Record<
    Flavour,
    {
      historyEvents: { min: number; mean: number; max: number };
      actions: number;
      actionsByType: Record<string, number>;
      syncChecks: number;
      /** How long each approval waited for the operator, from the histories (bench/approval-waits.ts). */
      approvalWaitMs: ReturnType<typeof spread>;
    }
  >;
}

/** 1 and 2: history events and billable actions per migration, floor and siteshift side by side, same sync. */
export async function costPerMigration(
  stack: BenchStack,
  label: string,
  machines: number,
  diskGB: number,
  timeScale: number,
  /** Given one finished run of each flavour, as recorded (replay-cost replays them). */
  record?: (flavour: Flavour, run: RecordedRun) => void,
): Promise<CostResult> {
  const tag = `cost-${label.replace(/\W+/g, '')}-${Date.now().toString(36)}`;
  const { emulator, requests } = await fleetEmulator(stack, tag, 2 * machines, () => diskGB, timeScale);
  const byFlavour = split(requests);
  const workers = await Promise.all(FLAVOURS.map((f) => benchWorker(stack, f, emulator, `${tag}-${f}`)));
  try {
    const fleets = FLAVOURS.map((f) => drivenFleet(stack, f, emulator, `${tag}-${f}`, byFlavour[f]));
    const before = await Promise.all(FLAVOURS.map((f) => actionsByType(stack.metricsUrl, NAMESPACES[f])));
    await Promise.all(fleets.map(async (fleet) => (await fleet.start(), await fleet.complete(20 * 60_000))));
    await new Promise((resolve) => setTimeout(resolve, 2000)); // counters are flushed to /metrics shortly after
    const after = await Promise.all(FLAVOURS.map((f) => actionsByType(stack.metricsUrl, NAMESPACES[f])));
    const log = emulator.requestLog();
    const result = { label, machines, flavours: {} } as CostResult;
    for (const [i, fleet] of fleets.entries()) {
      const histories = await fleet.histories();
      if (record) {
        const handle = fleet.handle(fleet.requests[0].machineId);
        record(fleet.flavour, { workflowId: handle.workflowId, history: await handle.fetchHistory() });
      }
      const history = histories.map((events) => events.length);
      const delta = difference(after[i], before[i]);
      const perMigration = Object.fromEntries(Object.entries(delta).map(([type, n]) => [type, n / machines]));
      const names = new Set(fleet.requests.map((r) => r.machineId.toLowerCase()));
      const reads = log.filter(
        (e) => isItemRead(e.method, e.resourceId) && names.has(e.resourceId!.split('/').pop()!.toLowerCase()),
      ).length;
      result.flavours[fleet.flavour] = {
        historyEvents: { min: Math.min(...history), mean: mean(history), max: Math.max(...history) },
        actions: sum(delta) / machines,
        actionsByType: perMigration,
        syncChecks: reads / machines,
        approvalWaitMs: spread(histories.flatMap(approvalWaitsMs)),
      };
    }
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await emulator.stop();
  }
}

export interface AtOnceRun {
  wallSeconds: number;
  workerCpuSeconds: number;
  /** The dev server's CPU over the run: the engine's work for the same fleet. */
  serverCpuSeconds?: number;
}

export interface AtOnceResult {
  machines: number;
  /** The worker's slots (its default tuning), for the peaks below. */
  slots: SlotPeaks;
  /** Runs per flavour, in the order floor, siteshift, siteshift, floor, ... (see atOnce). */
  rounds?: number;
  flavours: Record<
    Flavour,
    {
      /** The mean of the runs below. */
      wallSeconds: number;
      workerCpuSeconds: number;
      serverCpuSeconds?: number;
      /** Each run, in order. */
      runs?: AtOnceRun[];
      workerPeakRssMb: number;
      /** The most slots in use at once (sampled every 500 ms): does the burst fill the floor's as well? */
      slotPeaks: SlotPeaks;
      /** Requests the operator sent to find the waiting migrations, per migration (lists, or the floor's describes). */
      operatorFindRequestsPerMigration: number;
      /** Requests the worker's activities sent to Site Recovery (the emulator), per migration. */
      asrRequestsPerMigration?: number;
      /**
       * Workflow tasks that timed out per migration (first APPROVAL_WAIT_SAMPLE histories): mostly a task left on the
       * worker's sticky queue past stickyTimeoutSeconds while its slots were busy, then run elsewhere from the full history.
       */
      workflowTaskTimeoutsPerMigration?: number;
      /** How long each approval waited for the operator, in the histories of the first APPROVAL_WAIT_SAMPLE. */
      approvalWaitMs: ReturnType<typeof spread>;
    }
  >;
  /**
   * The floor with siteshift's visibility writes (VISIBLE_FLOOR_WORKFLOW), run between the two flavours in each
   * round: what the engine's visibility store adds to the floor, so what siteshift adds above it is our code's.
   */
  visibleFloor?: AtOnceRun & { runs: AtOnceRun[] };
}

/**
 * 3: `machines` migrations started at once, end to end, each run with a fresh worker. Runs alternate floor,
 * siteshift, siteshift, floor, ...: on a shared machine a single pair varies by ±10% (neighbours, the store
 * growing under the second run), so each flavour is measured in both places and reported by its mean. Between
 * the two of each round runs the floor with siteshift's visibility writes (AtOnceResult.visibleFloor).
 */
export async function atOnce(stack: BenchStack, machines: number, rounds = 2): Promise<AtOnceResult> {
  const slots = { activity: DEFAULT_WORKER_TUNING.activitySlots, workflow: DEFAULT_WORKER_TUNING.workflowTaskSlots };
  const runs: Record<Flavour, Awaited<ReturnType<typeof atOnceRun>>[]> = {
    floor: [],
    siteshift: [],
  };
  const visibleRuns: AtOnceRun[] = [];
  for (let round = 0; round < rounds; round++) {
    const [first, second] = flavoursInRound(round);
    runs[first].push(await atOnceRun(stack, first, machines));
    visibleRuns.push(atOnceMeasures(await atOnceRun(stack, 'floor', machines, VISIBLE_FLOOR_WORKFLOW)));
    runs[second].push(await atOnceRun(stack, second, machines));
  }
  const flavours = {} as AtOnceResult['flavours'];
  for (const flavour of FLAVOURS) {
    const all = runs[flavour];
    const [first] = all;
    flavours[flavour] = {
      ...meanOfRuns(all),
      workerPeakRssMb: Math.max(...all.map((run) => run.workerPeakRssMb)),
      slotPeaks: first.slotPeaks,
      operatorFindRequestsPerMigration: mean(all.map((run) => run.operatorFindRequestsPerMigration)),
      asrRequestsPerMigration: mean(all.map((run) => run.asrRequestsPerMigration)),
      workflowTaskTimeoutsPerMigration: mean(all.map((run) => run.workflowTaskTimeoutsPerMigration)),
      approvalWaitMs: first.approvalWaitMs,
    };
  }
  return { machines, slots, rounds, flavours, visibleFloor: meanOfRuns(visibleRuns) };
}

const atOnceMeasures = ({ wallSeconds, workerCpuSeconds, serverCpuSeconds }: AtOnceRun): AtOnceRun => ({
  wallSeconds,
  workerCpuSeconds,
  serverCpuSeconds,
});

/** The runs' measures, each run's and their means. */
function meanOfRuns(runs: AtOnceRun[]): AtOnceRun & { runs: AtOnceRun[] } {
  return {
    wallSeconds: mean(runs.map((run) => run.wallSeconds)),
    workerCpuSeconds: mean(runs.map((run) => run.workerCpuSeconds)),
    serverCpuSeconds: mean(runs.map((run) => run.serverCpuSeconds ?? NaN)),
    runs: runs.map(atOnceMeasures),
  };
}

async function atOnceRun(stack: BenchStack, flavour: Flavour, machines: number, floorWorkflow?: FloorWorkflow) {
  const tag = `once-${floorWorkflow ?? flavour}-${Date.now().toString(36)}`;
  const { emulator, requests } = await fleetEmulator(stack, tag, machines, () => DISK_GB_5_MIN, 1000);
  const worker = await benchWorker(stack, flavour, emulator, tag);
  try {
    const fleet = drivenFleet(stack, flavour, emulator, tag, requests, floorWorkflow);
    worker.resetSlotPeaks();
    const cpuBefore = worker.cpuSeconds();
    const serverCpuBefore = processGroupCpuSeconds(stack.server.pid);
    const began = performance.now();
    await fleet.start();
    await fleet.complete(20 * 60_000);
    const measured = {
      wallSeconds: (performance.now() - began) / 1000,
      workerCpuSeconds: worker.cpuSeconds() - cpuBefore,
      serverCpuSeconds: processGroupCpuSeconds(stack.server.pid) - serverCpuBefore,
      workerPeakRssMb: worker.memory().peakRssMb,
      slotPeaks: worker.slotPeaks(),
      operatorFindRequestsPerMigration: fleet.operatorFindRequests / machines,
      asrRequestsPerMigration: emulator.requestLog().length / machines,
    };
    const sample = await fleet.histories(requests.slice(0, APPROVAL_WAIT_SAMPLE));
    const timedOut = sample
      .flat()
      .filter((event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    return {
      ...measured,
      approvalWaitMs: spread(sample.flatMap(approvalWaitsMs)),
      workflowTaskTimeoutsPerMigration: timedOut.length / sample.length,
    };
  } finally {
    await worker.stop();
    await emulator.stop();
  }
}

export interface MemoryResult {
  parked: number;
  flavours: Record<Flavour, { mbPerCachedMigration: number; bundleKb: number; moduleHeapKbPerContext: number }>;
}

/** Worker memory per cached migration: `parked` migrations waiting for test approval, all in the cache. */
export async function memoryPerMigration(stack: BenchStack, parked: number): Promise<MemoryResult> {
  const tag = `mem-${Date.now().toString(36)}`;
  const { emulator, requests } = await fleetEmulator(stack, tag, 2 * parked, () => DISK_GB_5_MIN, 1000);
  const byFlavour = split(requests);
  const result: MemoryResult = { parked, flavours: {} as MemoryResult['flavours'] };
  try {
    for (const flavour of FLAVOURS) {
      const worker = await benchWorker(stack, flavour, emulator, `${tag}-${flavour}`, { maxCachedWorkflows: 4 * parked });
      try {
        const fleet = new Fleet(flavour, stack.clients[flavour], `${tag}-${flavour}`, byFlavour[flavour]);
        const [warm, ...rest] = fleet.requests;
        await fleet.start([warm]);
        await waitParked(fleet, [warm], 'AwaitingTestApproval');
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const before = worker.memory().rssMb;
        await fleet.start(rest);
        await waitParked(fleet, rest, 'AwaitingTestApproval');
        await new Promise((resolve) => setTimeout(resolve, 3000));
        result.flavours[flavour] = {
          mbPerCachedMigration: (worker.memory().rssMb - before) / rest.length,
          bundleKb: stack.bundles[flavour].kb,
          moduleHeapKbPerContext: await moduleHeapPerContextKbInChild(stack.bundles[flavour].path),
        };
      } finally {
        await worker.stop();
      }
    }
    return result;
  } finally {
    await emulator.stop();
  }
}

async function waitParked(fleet: Fleet, requests: MigrationRequestInput[], stage: string, timeoutMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stages =
      fleet.flavour === 'siteshift'
        ? new Map((await fleet.migrations.list({ wave: requests[0].wave! })).map((m) => [m.machineId, m.stage]))
        : new Map(
            await Promise.all(
              requests.map(
                async (r) =>
                  [
                    r.machineId,
                    await fleet
                      .handle(r.machineId)
                      .query<string>('stage')
                      .catch(() => ''),
                  ] as const,
              ),
            ),
          );
    if (requests.every((r) => stages.get(r.machineId) === stage)) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`${fleet.flavour}: not all parked in ${stage} within ${timeoutMs / 1000} s`);
}

export interface StartLatency {
  starts: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function startLatency(latencies: number[], seconds: number): StartLatency {
  return {
    starts: latencies.length,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** 5, the floor's side: `starts` plain starts of the floor workflow with its worker running. */
export async function floorStartLatency(stack: BenchStack, starts: number): Promise<StartLatency> {
  const tag = `starts-floor-${Date.now().toString(36)}`;
  const { emulator, requests } = await fleetEmulator(stack, tag, starts, () => DISK_GB_NEVER, 1);
  const worker = await benchWorker(stack, 'floor', emulator, tag);
  try {
    const began = performance.now();
    const latencies = await new Fleet('floor', stack.clients.floor, tag, requests).start();
    return startLatency(latencies, (performance.now() - began) / 1000);
  } finally {
    await worker.stop();
    await emulator.stop();
  }
}

export interface ParkedResult {
  parked: number;
  maxCachedWorkflows: number;
  activitySlots: number;
  /** Seconds from the first start until every migration waited where it should; absent when it did not within the time allowed. */
  parkSeconds?: number;
  /** Why the fleet's measurements after parking are missing. */
  parkError?: string;
  starts: StartLatency;
  apiStarts: StartLatency;
  workerRssMb: number;
  workerPeakRssMb: number;
  /** Slots in use at most while the fleet was filling and parking, and in PARKED_WATCH_MS once parked. */
  slotPeaksWhileParking: SlotPeaks;
  slotPeaksParked: SlotPeaks;
  workflowTaskSlots: number;
  /** Parked at the last look, over the seconds since the first start (all of them once parked). */
  parkedCount: number;
  parkedPerSecond: number;
  /** When as many had parked as the floor's park holds (seconds from the first start): the rates side by side. */
  firstParkedSeconds?: number;
  /** The floor's park beside it: min(parked, 1,000) floors of the same shape on the same tuning (bench/floor-park.ts). */
  floor: FloorParkResult | { error: string };
  /** At most this many migrations between their start and their wait while the fleet fills (fillPaced). */
  maxFilling: number;
  /** Migrations not started by the park's deadline (the paced fill stops there). */
  notStarted?: number;
  /** Migrations that had not parked within the time allowed, terminated before the measurements that follow. */
  terminated: number;
  /** Seconds waited after the terminations until the worker was quiet (quiet: false when it was not within the bound). */
  quietAfterTerminations?: { seconds: number; quiet: boolean };
  /** Migrations waiting for failover approval when the approvals began (half the fleet once parked). */
  awaitingParked: number;
  evictedApprovalMs: { count: number; failed: number; p50: number; p95: number; p99: number };
  /** `failed`: refused or timed out (counted as unanswered too). */
  burstApprovalMs: { count: number; perSecond: number; p99: number; unansweredWithin2s: number; failed: number };
  workflowTaskTimeouts: number;
  /** START_TO_CLOSE: a task the worker did not finish in time; SCHEDULE_TO_START: a sticky task no poll took in time (rerouted). */
  workflowTaskTimeoutsByType: Record<string, number>;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * 4 and 5: `parked` migrations, half in their initial sync, half awaiting failover approval, on one worker
 * with its default tuning. The first `startsMeasured` starts (through the client) and the next
 * `startsMeasured` (through the HTTP API) give the start latency. Then approvals of evicted migrations one
 * at a time, and a burst of approvals at `burstPerSecond`.
 */
export async function parkedFleet(
  stack: BenchStack,
  options: {
    parked: number;
    startsMeasured: number;
    evictedApprovals: number;
    burst: number;
    burstPerSecond: number;
    parkTimeoutMs: number;
    maxFilling: number;
    tuning: { maxCachedWorkflows: number; activitySlots: number; workflowTaskSlots: number };
  },
): Promise<ParkedResult> {
  // The floor first, on its own worker and emulator, all of it terminated before siteshift's fleet starts.
  const floorMachines = Math.min(options.parked, FLOOR_PARK_MAX);
  const floorOptions = { measuredStarts: 2 * options.startsMeasured, maxFilling: options.maxFilling, timeoutMs: options.parkTimeoutMs };
  const floor = await floorPark(stack, floorMachines, floorOptions, options.tuning).catch((error: unknown) => ({
    error: error instanceof Error ? error.message : String(error),
  }));
  const tag = `parked-${Date.now().toString(36)}`;
  const { emulator, requests } = await parkedFleetEmulator(stack, tag, options.parked);
  const worker = await benchWorker(stack, 'siteshift', emulator, tag, options.tuning);
  const fleet = new Fleet('siteshift', stack.clients.siteshift, tag, requests);
  const api = await startBenchApi(fleet.migrations, stack.dir);
  const stopOperator = new AbortController();
  const operator = fleet.operate(['approveTestFailover'], stopOperator.signal);
  const stopFill = new AbortController();
  try {
    const measured = options.startsMeasured;
    const began = performance.now();
    const starts = startLatency(await fleet.start(requests.slice(0, measured)), (performance.now() - began) / 1000);
    const apiBegan = performance.now();
    const apiLatencies = await startThroughApi(api, requests.slice(measured, 2 * measured), START_CONCURRENCY);
    const apiStarts = startLatency(apiLatencies, (performance.now() - apiBegan) / 1000);
    // The rest as fast as the server takes them (not measured), at most maxFilling on their way to their wait,
    // while the park is timed (starting stops at its deadline).
    const filling = fillPaced(fleet, requests.slice(2 * measured), 2 * measured, options.maxFilling, stopFill.signal);
    filling.catch(() => undefined); // awaited after the park is timed: a failed start must not crash the process meanwhile

    const base = { parked: options.parked, ...options.tuning, maxFilling: options.maxFilling, starts, apiStarts, floor };
    // When not all park in time, the others are terminated, so what follows is measured on a fleet that waits
    // (as it would once parked), and the figures say how many parked.
    const timing = await timePark(fleet, requests.length, began, began + options.parkTimeoutMs, floorMachines);
    const { parkSeconds, parkError } = timing;
    stopFill.abort();
    const started = 2 * measured + (await filling);
    stopOperator.abort();
    await operator;
    let terminated = 0;
    if (parkError !== undefined) {
      const wave = requests[0].wave!;
      const inStage = async (stage: Stage) => new Set((await fleet.migrations.list({ wave, stage })).map((m) => m.machineId));
      const [syncing, waiting] = [await inStage('InitialReplication'), await inStage('AwaitingFailoverApproval')];
      const notParked = requests.slice(0, started).filter((r, i) => !(i % 2 === 0 ? syncing : waiting).has(r.machineId));
      await mapWithConcurrency(notParked, FILL_CONCURRENCY, (r) =>
        fleet
          .handle(r.machineId)
          .terminate('npm run bench: not parked within --park-minutes')
          .catch(() => undefined),
      );
      terminated = notParked.length;
    }
    const quietAfterTerminations = terminated > 0 ? await waitUntilQuiet(worker) : undefined;
    const slotPeaksWhileParking = worker.slotPeaks();
    worker.resetSlotPeaks();
    await new Promise((resolve) => setTimeout(resolve, PARKED_WATCH_MS)); // parked: what does waiting hold?
    const slotPeaksParked = worker.slotPeaks();
    const { rssMb: workerRssMb, peakRssMb: workerPeakRssMb } = worker.memory();

    // Those that parked first have long been evicted from the worker's cache (when the fleet is larger than it).
    // (Running only: a terminated migration keeps the stage it was listed by.)
    const awaiting = (await fleet.migrations.list({ wave: requests[0].wave!, stage: 'AwaitingFailoverApproval' }))
      .filter((m) => m.executionStatus === 'RUNNING')
      .sort((a, b) => a.startTime.getTime() - b.startTime.getTime())
      .map((m) => m.machineId);
    // Approvals of evicted migrations, one at a time.
    const sample = awaiting.slice(0, options.evictedApprovals + options.burst);
    const evicted: number[] = [];
    let evictedFailed = 0;
    for (const machineId of sample.slice(0, Math.min(options.evictedApprovals, Math.floor(sample.length / 4)))) {
      const sent = performance.now();
      if (
        await fleet.migrations.approveFailover(machineId, { by: 'bench-operator' }).then(
          () => true,
          () => false,
        )
      ) {
        evicted.push(performance.now() - sent);
      } else evictedFailed++;
    }
    // A burst at a steady rate.
    const burstIds = sample.slice(evicted.length + evictedFailed);
    const burst = await Promise.all(
      burstIds.map(async (machineId, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / options.burstPerSecond));
        const sent = performance.now();
        const answered = await fleet.migrations.approveFailover(machineId, { by: 'bench-operator' }).then(
          () => true,
          () => false,
        );
        return { ms: performance.now() - sent, answered };
      }),
    );
    const histories = await mapWithConcurrency(sample, 16, async (id) => (await fleet.handle(id).fetchHistory()).events ?? []);
    const timeouts = histories
      .flat()
      .flatMap((e) => (e.workflowTaskTimedOutEventAttributes ? [e.workflowTaskTimedOutEventAttributes] : []));
    const workflowTaskTimeouts = timeouts.length;
    return {
      ...base,
      parkSeconds,
      parkError,
      notStarted: requests.length - started,
      terminated,
      quietAfterTerminations,
      awaitingParked: awaiting.length,
      workflowTaskTimeoutsByType: countBy(timeouts.map((t) => temporal.api.enums.v1.TimeoutType[t.timeoutType ?? 0])),
      workerRssMb,
      workerPeakRssMb,
      slotPeaksWhileParking,
      slotPeaksParked,
      parkedCount: timing.parkedCount,
      parkedPerSecond: timing.parkedPerSecond,
      firstParkedSeconds: timing.firstParkedSeconds,
      evictedApprovalMs: {
        count: evicted.length,
        failed: evictedFailed,
        p50: percentile(evicted, 50),
        p95: percentile(evicted, 95),
        p99: percentile(evicted, 99),
      },
      burstApprovalMs: {
        count: burst.length,
        perSecond: options.burstPerSecond,
        p99: percentile(
          burst.map((b) => b.ms),
          99,
        ),
        unansweredWithin2s: burst.filter((b) => b.ms > 2000 || !b.answered).length,
        failed: burst.filter((b) => !b.answered).length,
      },
      workflowTaskTimeouts,
    };
  } finally {
    stopFill.abort();
    stopOperator.abort();
    await operator.catch(() => undefined);
    await api.close();
    await worker.stop();
    await emulator.stop();
  }
}
