import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from '../../emulator';
import { TEST_NAMESPACE_VAR, TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { E2E_POLL_INTERVAL_MS } from './e2e';
import { workflowBundle } from './temporal';

const REPO_ROOT = resolve(__dirname, '..', '..');
const WORKER_ENTRY = join(REPO_ROOT, 'test', 'support', 'fixtures', 'migration-worker.ts');

/** A migration worker running in a child process (test/support/fixtures/migration-worker.ts). */
export interface WorkerProcess {
  pid: number;
  /** SIGKILL: the worker dies mid-task, as on a crashed host; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** What the process wrote, for failure messages. */
  output(): string;
}

const running = new Set<WorkerProcess>();

/**
 * The worker's settings, as an operator would give them: the run's shared dev server (TEMPORAL_*), a task queue
 * (SITESHIFT_TASK_QUEUE), and the adapter pointed at the emulator (SITESHIFT_ASR_*, trusting its certificate file).
 */
export function e2eWorkerEnv(emulator: RunningEmulator, taskQueue: string): Record<string, string> {
  if (!emulator.certificatePath) throw new Error('the emulator needs a state path so that its certificate is kept in a file');
  return {
    TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR]!,
    TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR]!,
    SITESHIFT_TASK_QUEUE: taskQueue,
    SITESHIFT_E2E_WORKFLOW_BUNDLE: workflowBundle('migration').codePath,
    SITESHIFT_ASR_ENDPOINT: emulator.url,
    SITESHIFT_ASR_TOKEN: 'e2e-token',
    SITESHIFT_ASR_CA_CERT: emulator.certificatePath,
    SITESHIFT_ASR_POLL_INTERVAL_MS: String(E2E_POLL_INTERVAL_MS),
  };
}

/** Starts the worker with these environment variables (on top of this process's) and waits until it polls. */
export async function startWorkerProcess(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<WorkerProcess> {
  // node --import tsx, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL would not reach.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const worker: WorkerProcess = {
    pid: child.pid!,
    kill: () => signal(child, 'SIGKILL', exited),
    async stop(graceMs = 10_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await signal(child, 'SIGTERM', exited);
      clearTimeout(timer);
    },
    output: () => output,
  };
  running.add(worker);
  void exited.then(() => running.delete(worker));

  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker process did not start within ${readyTimeoutMs} ms:\n${output}`)),
      readyTimeoutMs,
    );
    const onData = () => {
      if (!output.includes('worker ready')) return;
      clearTimeout(timer);
      resolveReady();
    };
    child.stdout.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await worker.kill();
    throw error;
  });
  return worker;
}

/** Kills every worker process this test file started and that is still running (afterAll). */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.kill()));
}

async function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
  await exited;
}
