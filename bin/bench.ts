import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { DEFAULT_WORKER_TUNING } from '../config/worker-tuning';
import { startBenchStack, type Flavour } from '../bench/bench-stack';
import { atOnce, costPerMigration, floorStartLatency, memoryPerMigration, parkedFleet } from '../bench/phases';
import { DISK_GB_48_H, DISK_GB_5_MIN } from '../bench/parked-shape';
import { measureCliStartup } from '../bench/cli-startup';
import { costTable } from '../bench/cost-table';
import { largeWave } from '../bench/wave-phase';
import { replayCost, type RecordedRun } from '../bench/replay-cost';
import { upsertCost } from '../bench/upsert-cost';

/**
 * `npm run bench`: what a migration costs against the engine's floor (bench/floor-workflow.ts), measured on
 * this machine with the dev server, the ASR emulator and worker processes: history and billable actions per
 * migration for a 5-minute and a 48-hour simulated sync, many migrations at once, worker memory, a large
 * parked fleet with approvals on evicted migrations, and start latency. Prints a table, writes JSON.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // Defaults: the issues' sizes but the parked fleet (1,000, not 10,000) and the wave (500): every phase, with the
      // floor's park beside siteshift's, well inside 20 minutes on the 2-core reference machine, quiet, however fast the
      // host is that hour (README, Benchmarks); the full sizes: --parked 10000 --park-minutes 20 --wave-machines 1000.
      'cost-machines': { type: 'string', default: '10' },
      'at-once': { type: 'string', default: '500' },
      // Runs of each flavour at once, alternating floor, siteshift, siteshift, floor: reported by their mean.
      'at-once-rounds': { type: 'string', default: '2' },
      'memory-parked': { type: 'string', default: '200' },
      parked: { type: 'string', default: '1000' },
      starts: { type: 'string', default: '1000' },
      'park-minutes': { type: 'string', default: '4' },
      // At most this many migrations between their start and their wait while a parked fleet fills (default: the worker's cache).
      filling: { type: 'string', default: String(DEFAULT_WORKER_TUNING.maxCachedWorkflows) },
      'wave-machines': { type: 'string', default: '500' },
      // Probe workflows per run of upsert-cost, a phase run only when --only names it.
      'upsert-workflows': { type: 'string', default: '500' },
      only: { type: 'string' },
      out: { type: 'string', default: path.join('bench', 'results') },
    },
  });
  const n = (flag: keyof typeof values) => positiveInt(values[flag] as string, `--${flag}`);
  const only = values.only?.split(',');
  /** Phases outside the default run: only when --only names them. */
  const OPTIONAL_PHASES = ['upsert-cost'];
  const run = (phase: string) => (only ? only.includes(phase) : !OPTIONAL_PHASES.includes(phase));
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const results: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>) => {
    if (!run(name)) return;
    const began = performance.now();
    console.log(`bench: ${name} ...`);
    try {
      results[name] = await fn();
    } catch (error) {
      // One phase failing (e.g. a fleet too large for this machine) still leaves the others' figures.
      results[name] = { error: error instanceof Error ? error.message : String(error) };
      process.exitCode = 1;
    }
    timings[name] = (performance.now() - began) / 1000;
    console.log(
      `bench: ${name} ${'error' in (results[name] as object) ? `FAILED (${(results[name] as { error: string }).error})` : 'done'} in ${timings[name].toFixed(0)} s`,
    );
  };
  const stack = await startBenchStack();
  try {
    await phase('cli-startup', () => measureCliStartup());
    const recorded: Partial<Record<Flavour, RecordedRun>> = {};
    await phase('cost-5min-sync', () =>
      costPerMigration(stack, '5-min sync', n('cost-machines'), DISK_GB_5_MIN, 60, (flavour, run) => (recorded[flavour] = run)),
    );
    await phase('replay-cost', () => replayCost(stack, recorded));
    // Time scale 2000: the 48 simulated hours pass in ~90 s.
    await phase('cost-48h-sync', () => costPerMigration(stack, '48-h sync', n('cost-machines'), DISK_GB_48_H, 2000));
    await phase('memory', () => memoryPerMigration(stack, n('memory-parked')));
    await phase('at-once', () => atOnce(stack, n('at-once'), n('at-once-rounds')));
    await phase('floor-starts', () => floorStartLatency(stack, n('starts')));
    await phase('parked', () =>
      parkedFleet(stack, {
        parked: n('parked'),
        // Half the fleet is started through the client, half through the API: each measured on its own.
        startsMeasured: Math.min(n('starts'), Math.floor(n('parked') / 2)),
        evictedApprovals: 100,
        burst: 300,
        burstPerSecond: 10,
        parkTimeoutMs: n('park-minutes') * 60_000,
        maxFilling: n('filling'),
        tuning: {
          maxCachedWorkflows: DEFAULT_WORKER_TUNING.maxCachedWorkflows,
          activitySlots: DEFAULT_WORKER_TUNING.activitySlots,
          workflowTaskSlots: DEFAULT_WORKER_TUNING.workflowTaskSlots,
        },
      }),
    );
    await phase('wave', () => largeWave(stack, n('wave-machines')));
    await phase('upsert-cost', () => upsertCost(stack, n('upsert-workflows')));
  } finally {
    await stack.close();
  }
  const report = {
    date: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: os.totalmem() / 2 ** 30,
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    loadAverage: { before: loadBefore, after: os.loadavg() },
    totalSeconds: (Date.now() - startedAt.getTime()) / 1000,
    phaseSeconds: timings,
    bundlesKb: Object.fromEntries(Object.entries(stack.bundles).map(([k, v]) => [k, Math.round(v.kb)])),
    results,
  };
  console.log(costTable(report.results));
  mkdirSync(values.out!, { recursive: true });
  const file = path.join(values.out!, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(
    `bench: ${report.totalSeconds.toFixed(0)} s in all, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before; results in ${file}`,
  );
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
