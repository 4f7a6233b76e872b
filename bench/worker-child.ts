import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../local-stack/free-port';
import { processCpuSeconds } from './process-cpu';
import { scrape } from './prometheus';

const REPO_ROOT = resolve(__dirname, '..');
const ENTRY = join(REPO_ROOT, 'bench', 'bench-worker.ts');

export interface SlotPeaks {
  activity: number;
  workflow: number;
}

/** The SDK's worker_type label of each kind of slot. */
const SLOT_WORKER_TYPE: Record<keyof SlotPeaks, string> = { activity: 'ActivityWorker', workflow: 'WorkflowWorker' };

export interface WorkerChild {
  pid: number;
  /** Resident memory now and at its peak (from /proc), in MB. */
  memory(): { rssMb: number; peakRssMb: number };
  /** CPU seconds (user + system) used so far. */
  cpuSeconds(): number;
  /** The most activity and workflow task slots in use seen by sampling the worker's metrics since the last reset. */
  slotPeaks(): SlotPeaks;
  resetSlotPeaks(): void;
  /** The slots in use at the last sample (every 500 ms). */
  slotsInUse(): SlotPeaks;
  stop(): Promise<void>;
}

/** Starts bench/bench-worker.ts with these settings and waits until it polls. */
export async function startWorkerChild(env: Record<string, string>): Promise<WorkerChild> {
  const metricsPort = await freePort();
  // SITESHIFT_BENCH_CPU_PROF=<dir>: each worker writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profileDir = process.env.SITESHIFT_BENCH_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, BENCH_METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench worker not ready in 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', () => output.includes('worker ready') && (clearTimeout(timer), ready()));
    void exited.then(() => (clearTimeout(timer), reject(new Error(`bench worker exited:\n${output}`))));
  });

  let peaks: SlotPeaks = { activity: 0, workflow: 0 };
  const current: SlotPeaks = { activity: 0, workflow: 0 };
  const sampler = setInterval(() => {
    scrape(`http://127.0.0.1:${metricsPort}/metrics`)
      .then((samples) => {
        for (const kind of Object.keys(SLOT_WORKER_TYPE) as (keyof SlotPeaks)[]) {
          const used = samples.find((s) => s.name.endsWith('worker_task_slots_used') && s.labels.worker_type === SLOT_WORKER_TYPE[kind]);
          if (!used) continue;
          current[kind] = used.value;
          peaks[kind] = Math.max(peaks[kind], used.value);
        }
      })
      .catch(() => undefined);
  }, 500);
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? 0);
  return {
    pid: child.pid!,
    memory: () => ({ rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 }),
    cpuSeconds: () => processCpuSeconds(child.pid!),
    slotPeaks: () => ({ ...peaks }),
    resetSlotPeaks: () => (peaks = { activity: 0, workflow: 0 }),
    slotsInUse: () => ({ ...current }),
    async stop() {
      clearInterval(sampler);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
