import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmulator, type RunningEmulator } from '../emulator';
import { startDevServer, type DevServerHandle } from '../local-stack/dev-server';
import { freePort } from '../local-stack/free-port';
import { MIGRATION_PRELOAD_MODULES, MIGRATION_WORKFLOWS_PATH } from '../workers/workflow-bundle';
import { WORKER_TUNING_ENV, type WorkerTuning } from '../config/worker-tuning';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { fleetInventory } from './fleet-inventory';
import { startWorkerChild, type WorkerChild } from './worker-child';

/** siteshift runs in the default namespace, the floor in its own: the server's action counter is per namespace. */
export const NAMESPACES = { siteshift: 'default', floor: 'floor' } as const;
export type Flavour = keyof typeof NAMESPACES;
export const FLAVOURS: readonly Flavour[] = ['floor', 'siteshift'];

/**
 * The flavours in the order of a round of alternating runs: floor, siteshift, then siteshift, floor, ..., so each
 * is measured as often first as second (the store grows, the host's neighbours come and go).
 */
export function flavoursInRound(round: number): readonly Flavour[] {
  return round % 2 === 0 ? FLAVOURS : [...FLAVOURS].reverse();
}

const REPO_ROOT = path.resolve(__dirname, '..');
const WORKFLOW_SOURCES: Record<Flavour, string> = {
  siteshift: MIGRATION_WORKFLOWS_PATH,
  floor: path.join(REPO_ROOT, 'bench', 'floor-workflow.ts'),
};

/** One dev server (with metrics), both bundles, and clients for both namespaces, for the whole bench. */
export interface BenchStack {
  server: DevServerHandle;
  metricsUrl: string;
  clients: Record<Flavour, Client>;
  bundles: Record<Flavour, { path: string; kb: number }>;
  dir: string;
  close(): Promise<void>;
}

/**
 * Where the server's SQLite file lives: in memory (/dev/shm) when the machine has it, so the store's disk
 * writes (fsync on every transaction) do not bound the bench on a shared disk. A real deployment's store is
 * its own: the bench measures our worker and workflow against the floor on the same server.
 */
const STORE_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export async function startBenchStack(): Promise<BenchStack> {
  const dir = mkdtempSync(path.join(STORE_DIR, 'siteshift-bench-'));
  const metricsPort = await freePort();
  const server = await startDevServer({
    dataDir: dir,
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    namespace: NAMESPACES.siteshift,
    startTimeoutMs: 60_000,
    echoOutput: false,
    metricsPort,
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    await connection.workflowService.registerNamespace({ namespace: NAMESPACES.floor, workflowExecutionRetentionPeriod: msToTs('1 day') });
    // The floor runs the same activities, and preflight asks visibility about MigrationStage.
    await connection.operatorService.addSearchAttributes({
      namespace: NAMESPACES.floor,
      searchAttributes: Object.fromEntries(CUSTOM_SEARCH_ATTRIBUTES.map(({ name, type }) => [name, indexedValueType(type)])),
    });
    const bundles = {} as BenchStack['bundles'];
    for (const flavour of Object.keys(WORKFLOW_SOURCES) as Flavour[]) {
      const preloadModules = flavour === 'siteshift' ? MIGRATION_PRELOAD_MODULES : [];
      const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOW_SOURCES[flavour], preloadModules, logger: silent });
      const file = path.join(dir, `${flavour}-bundle.js`);
      writeFileSync(file, code);
      bundles[flavour] = { path: file, kb: Buffer.byteLength(code) / 1024 };
    }
    const clients = {
      siteshift: new Client({ connection, namespace: NAMESPACES.siteshift }),
      floor: new Client({ connection, namespace: NAMESPACES.floor }),
    };
    return {
      server,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      clients,
      bundles,
      dir,
      async close() {
        await connection.close();
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await connection.close();
    await server.stop();
    throw error;
  }
}

/** The emulator for a fleet of `count` VMware machines; `diskGB` sets each one's initial sync (100 Mbit/s). */
export async function fleetEmulator(stack: BenchStack, tag: string, count: number, diskGB: (index: number) => number, timeScale: number) {
  const { inventory, requests } = fleetInventory(count, 1, tag);
  const machines = new Map<string, { disks: { sizeGB: number }[] }>();
  for (const fabric of inventory.fabrics)
    for (const container of fabric.containers) for (const m of container.machines ?? []) machines.set(m.name, m);
  requests.forEach((request, index) => (machines.get(request.machineId)!.disks[0].sizeGB = diskGB(index)));
  const emulator = await startEmulator({ inventory, timeScale, certificateDir: stack.dir });
  return { emulator, requests };
}

/** A worker process for one flavour, against this emulator, on a task queue of its own. */
export function benchWorker(
  stack: BenchStack,
  flavour: Flavour,
  emulator: RunningEmulator,
  taskQueue: string,
  tuning: Partial<WorkerTuning> = {},
): Promise<WorkerChild> {
  const tuningEnv: Record<string, string> = {};

  for (const [key, value] of Object.entries(tuning)) tuningEnv[WORKER_TUNING_ENV[key as keyof WorkerTuning]] = String(value);
  return startWorkerChild({
    TEMPORAL_ADDRESS: stack.server.address,
    TEMPORAL_NAMESPACE: NAMESPACES[flavour],
    SITESHIFT_TASK_QUEUE: taskQueue,
    BENCH_WORKFLOW_BUNDLE: stack.bundles[flavour].path,
    SITESHIFT_ASR_ENDPOINT: emulator.url,
    SITESHIFT_ASR_TOKEN: 'bench',
    SITESHIFT_ASR_CA_CERT: emulator.certificatePath!,
    SITESHIFT_ASR_POLL_INTERVAL_MS: '200',
    ...tuningEnv,
  });
}

function indexedValueType(type: Parameters<typeof TypedSearchAttributes.toMetadataType>[0]): temporal.api.enums.v1.IndexedValueType {
  const name = `INDEXED_VALUE_TYPE_${TypedSearchAttributes.toMetadataType(type).toUpperCase()}`;
  const value = temporal.api.enums.v1.IndexedValueType[name as keyof typeof temporal.api.enums.v1.IndexedValueType];
  if (value === undefined) throw new Error(`no IndexedValueType for search attribute type ${type}`);
  return value;
}

const ignore = () => undefined;
const silent = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: (message: string) => console.error(message),
};
