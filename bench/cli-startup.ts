import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { MigrationClient } from '../client';
import { startEmulator } from '../emulator';
import { createSiteRecovery } from '../site-recovery/create-site-recovery';
import { startDevServer } from '../local-stack/dev-server';
import { freePort } from '../local-stack/free-port';
import { createMigrationWorker } from '../workers/worker';
import { fleetInventory } from './fleet-inventory';

/**
 * How fast the `siteshift` program answers, as an operator runs it (`node bin/siteshift`, a new process each
 * time): `--help` (no server) and `status <id>` against a running stack (dev server, emulator, worker).
 * Targets on the 2-core reference machine: --help under 0.3 s, status under 1 s.
 */
const REPO_ROOT = path.resolve(__dirname, '..');
const BIN = path.join(REPO_ROOT, 'bin', 'siteshift');
const RUNS = 10;
const TARGETS_MS = { help: 300, status: 1000 };

function timeOnce(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`siteshift ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

async function measure(label: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ label: string; times: number[] }> {
  await timeOnce(args, env); // warm the file cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeOnce(args, env));
  return { label, times: times.sort((a, b) => a - b) };
}

/** The worker runs in this process: its program (bin/bench.ts, or main below) installs the SDK's Runtime once. */
async function withStack<T>(use: (env: NodeJS.ProcessEnv, machineId: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'siteshift-cli-bench-'));
  const server = await startDevServer({
    dataDir,
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    startTimeoutMs: 60_000,
    echoOutput: false,
  });
  const { inventory, requests } = fleetInventory(1, 64, `cli-${Date.now().toString(36)}`);
  const emulator = await startEmulator({ inventory, timeScale: 1 });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const taskQueue = `cli-bench-${Date.now().toString(36)}`;
  try {
    const siteRecovery = createSiteRecovery({
      endpoint: emulator.url,
      credential: { mode: 'static-token', token: 'bench' },
      caCertificatePem: emulator.certificatePem,
      pollIntervalMs: 200,
    });
    const worker = await createMigrationWorker({ connection: nativeConnection, taskQueue, siteRecovery });
    return await worker.runUntil(async () => {
      const migrations = new MigrationClient(new Client({ connection }), taskQueue);
      const machineId = requests[0].machineId;
      await migrations.startMigration(requests[0]);
      await migrations.status(machineId); // a worker answers before the clock starts
      return use({ TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', SITESHIFT_TASK_QUEUE: taskQueue }, machineId);
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await emulator.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface CliStartupResult {
  command: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs: number;
  met: boolean;
}

/** `siteshift --help` and `siteshift status <id>` against a running stack, each run RUNS times (after a build). */
export async function measureCliStartup(): Promise<CliStartupResult[]> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const results = [await measure('siteshift --help', ['--help'])];
  results.push(
    ...(await withStack(async (env, machineId) => [await measure(`siteshift status ${machineId}`, ['status', machineId], env)])),
  );
  const targets = [TARGETS_MS.help, TARGETS_MS.status];
  return results.map(({ label, times }, index) => {
    const medianMs = times[Math.floor(times.length / 2)];
    return {
      command: label,
      runs: times.length,
      medianMs,
      minMs: times[0],
      maxMs: times[times.length - 1],
      targetMs: targets[index],
      met: medianMs < targets[index],
    };
  });
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log('bench: building (npm run build) so bin/siteshift runs the compiled CLI ...');
  console.table(await measureCliStartup());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
