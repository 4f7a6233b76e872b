import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMigrationRequest, type MigrationRequest } from '../../common/migration-request';
import { startEmulator, type EmulatorOptions, type RequestLogEntry, type RunningEmulator } from '../../emulator';
import type { SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor } from './emulator-fixture';
import { sampleEntry } from './samples';

/**
 * End-to-end fixtures: the workflow, through the real adapter, against a real emulator. Fast but not
 * instant: a 127 GiB initial sync takes about a second, a 120 s ASR job about 10 ms.
 */
export const E2E_TIME_SCALE = 10_000;
/** The adapter's poll interval for ARM operations and ASR jobs in these tests. */
export const E2E_POLL_INTERVAL_MS = 100;

/** Tells this test file's machines apart from every other file's on the run's shared Temporal server. */
const RUN_TAG = Math.random().toString(36).slice(2, 7);

export interface E2eEmulator {
  current: RunningEmulator;
  statePath: string;
  /** Stops the emulator and starts it again on the same port with the same state file. */
  restart(): Promise<RunningEmulator>;
  stop(): Promise<void>;
}

/** An emulator with its own state file (so it can be restarted) and a test-speed clock. */
export async function startE2eEmulator(options: EmulatorOptions = {}): Promise<E2eEmulator> {
  const statePath = join(mkdtempSync(join(tmpdir(), 'siteshift-e2e-')), 'state.json');
  const settings = { timeScale: E2E_TIME_SCALE, ...options, statePath };
  let running: RunningEmulator | undefined = await startEmulator(settings);
  const port = running.port;
  const fixture: E2eEmulator = {
    get current() {
      if (!running) throw new Error('the emulator is stopped');
      return running;
    },
    statePath,
    async restart() {
      await fixture.stop();
      // Same options (faults included); fault counters, items, jobs, clock and request log come back from the state file.
      running = await startEmulator({ ...settings, port });
      return running;
    },
    async stop() {
      const stopping = running;
      running = undefined;
      await stopping?.stop();
    },
  };
  return fixture;
}

/** The production adapter, configured as a worker pointed at the emulator would be, polling at the e2e pace. */
export function e2eAdapter(emulator: RunningEmulator, overrides: { maxRetries?: number } = {}): SiteRecovery {
  return adapterFor(emulator, { pollIntervalMs: E2E_POLL_INTERVAL_MS, ...overrides });
}

/**
 * A sample request from emulator/sample-requests.json with a machine id of its own (the protected item's name
 * and the workflow id), and the initial sync checked every second.
 */
export function e2eRequest(sampleName: string): MigrationRequest {
  const entry = sampleEntry(sampleName);
  return parseMigrationRequest({
    ...entry.request,
    machineId: `${entry.request.machineId}-${RUN_TAG}`,
    replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 60 },
  });
}

/** The operations of the request log that created something in ASR (one entry with a job = one side effect). */
export const SIDE_EFFECT_OPERATIONS = {
  enable: 'ReplicationProtectedItems_Create',
  testFailover: 'ReplicationProtectedItems_TestFailover',
  cleanup: 'ReplicationProtectedItems_TestFailoverCleanup',
  plannedFailover: 'ReplicationProtectedItems_PlannedFailover',
  unplannedFailover: 'ReplicationProtectedItems_UnplannedFailover',
  complete: 'ReplicationProtectedItems_Delete',
} as const;

function isItem(entry: RequestLogEntry, machineId: string): boolean {
  return entry.resourceId?.endsWith(`/replicationprotecteditems/${machineId.toLowerCase()}`) ?? false;
}

/** The side effects (requests that started an ASR job) the emulator logged for a machine, in order. */
export function sideEffectsOf(emulator: RunningEmulator, machineId: string): RequestLogEntry[] {
  return emulator.requestLog().filter((entry) => entry.jobName !== undefined && isItem(entry, machineId));
}

/** How many times each operation started a job for the machine, e.g. { ReplicationProtectedItems_Create: 1, ... }. */
export function sideEffectCounts(emulator: RunningEmulator, machineId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of sideEffectsOf(emulator, machineId)) counts[entry.operation] = (counts[entry.operation] ?? 0) + 1;
  return counts;
}

/**
 * The requests about a machine's protected item or the ASR job of one of its operations, logged after `afterSeq`:
 * tells a worker that resumed an operation (it polls the operation) from one that re-read the item first.
 */
export function requestsAbout(emulator: RunningEmulator, machineId: string, jobName: string, afterSeq: number): RequestLogEntry[] {
  return emulator
    .requestLog()
    .filter(
      (entry) => entry.seq > afterSeq && (isItem(entry, machineId) || entry.path.toLowerCase().endsWith(`/${jobName.toLowerCase()}`)),
    );
}
