import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { MigrationClient } from '../client';
import { retryAfterSecondsAt, startEmulator, type RunningEmulator } from '../emulator';
import { resolveTemporalCli } from '../local-stack/temporal-cli';
import { createSiteRecovery } from '../site-recovery/create-site-recovery';
import { startDevServer } from '../local-stack/dev-server';
import { createMigrationWorker } from '../workers/worker';
import { freePort } from '../local-stack/free-port';
import type { Teardown } from './teardown';
import { DEMO_WAVE_FILE } from './plan-wave';

export interface DemoStackOptions {
  /** Wiped at start: the dev server's SQLite file and the emulator's state live here. */
  dataDir: string;
  /** Emulator virtual seconds per real second. */
  timeScale: number;
  /** The adapter's poll interval for ARM operations and ASR jobs. */
  pollIntervalMs: number;
  taskQueue: string;
  log: (line: string) => void;
  /** Aborted on Ctrl-C: start-up stops before the next part. */
  signal: AbortSignal;
}

export interface DemoStack {
  migrations: MigrationClient;
  emulator: RunningEmulator;
  temporalAddress: string;
  uiUrl: string;
  /** Settles when the worker stops; rejects if it fails while the demo runs. */
  workerStopped: Promise<void>;
}

/**
 * Starts the Temporal dev server (SQLite under dataDir, free ports), the ASR emulator (its own state file) and a
 * worker whose adapter talks to the emulator through the official SDK, trusting only the emulator's certificate.
 * Every part is registered with `teardown` as soon as it runs, so a failure half-way still stops the rest.
 */
export async function startDemoStack(options: DemoStackOptions, teardown: Teardown): Promise<DemoStack> {
  const { log } = options;
  wipeDemoDir(options.dataDir);

  log('Resolving the Temporal CLI (TEMPORAL_CLI_PATH, PATH, cached build, or a one-time go install)...');
  const temporalCli = await resolveTemporalCli({ log: (message) => log(`  ${message}`) });
  log(`  using ${temporalCli}`);

  options.signal.throwIfAborted();
  const [port, uiPort] = [await freePort(), await freePort()];
  log(`Starting the Temporal dev server on 127.0.0.1:${port} (data in ${options.dataDir})...`);
  const server = await startDevServer({
    dataDir: join(options.dataDir, 'temporal'),
    ip: '127.0.0.1',
    port,
    uiPort,
    namespace: 'default',
    startTimeoutMs: 60_000,
    echoOutput: false,
  });
  teardown.add(`Temporal dev server (pid ${server.pid})`, server.stop);
  log(`  Temporal dev server pid ${server.pid}, gRPC ${server.address}, UI ${server.uiUrl}`);

  options.signal.throwIfAborted();
  const emulator = await startEmulator({
    statePath: join(options.dataDir, 'emulator', 'state.json'),
    timeScale: options.timeScale,
    pollRetryAfterSeconds: retryAfterSecondsAt(options.timeScale),
  });
  teardown.add(`ASR emulator (${emulator.url})`, emulator.stop);
  log(`  ASR emulator ${emulator.url} (time x${options.timeScale}, certificate ${emulator.certificatePath})`);

  options.signal.throwIfAborted();
  const siteRecovery = createSiteRecovery({
    endpoint: emulator.url,
    credential: { mode: 'static-token', token: 'demo' },
    caCertificatePem: emulator.certificatePem,
    pollIntervalMs: options.pollIntervalMs,
  });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  teardown.add('worker connection', () => workerConnection.close());
  log('Starting the migration worker (bundling the workflow code)...');
  const worker = await createMigrationWorker({
    connection: workerConnection,
    namespace: server.namespace,
    taskQueue: options.taskQueue,
    siteRecovery,
  });
  const workerStopped = worker.run();
  workerStopped.catch(() => undefined); // reported by whoever waits on it (runBatch); never an unhandled rejection
  teardown.add('worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerStopped.catch(() => undefined);
  });
  log(`  worker on task queue ${options.taskQueue}`);

  options.signal.throwIfAborted();
  const clientConnection = await Connection.connect({ address: server.address });
  teardown.add('client connection', () => clientConnection.close());
  const migrations = new MigrationClient(new Client({ connection: clientConnection, namespace: server.namespace }), options.taskQueue);

  return { migrations, emulator, temporalAddress: server.address, uiUrl: server.uiUrl, workerStopped };
}

/** What the demo keeps in its data folder; anything else there means the folder is not the demo's to wipe. */
const DEMO_DIR_ENTRIES = ['temporal', 'emulator', DEMO_WAVE_FILE];

function wipeDemoDir(dataDir: string): void {
  if (existsSync(dataDir)) {
    const foreign = readdirSync(dataDir).filter((entry) => !DEMO_DIR_ENTRIES.includes(entry));
    if (foreign.length > 0) {
      throw new Error(
        `Refusing to wipe ${dataDir}: it holds files the demo did not create (${foreign.slice(0, 5).join(', ')}). ` +
          'Point SITESHIFT_DEMO_DIR at an empty or demo-only folder.',
      );
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
}
