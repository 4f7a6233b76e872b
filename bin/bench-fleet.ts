import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { benchSettingsFromArgs } from '../config/bench';
import { startDevServer } from '../local-stack/dev-server';
import { freePort } from '../local-stack/free-port';
import { exitCodeFor } from './exit-code';
import { runFleet, type FleetPhase, type FleetResult } from '../bench/run-fleet';

/**
 * `npm run bench`: a fleet of machines migrated end to end (dev server, emulator, real adapter, worker)
 * three times, with initial syncs of ~5, ~21 and ~52 s, to measure throughput, worker memory, and that
 * history stays bounded while the number of sync checks grows with the sync's duration.
 */
async function main(): Promise<void> {
  const { machines, activitySlots } = benchSettingsFromArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'siteshift-bench-'));
  const port = await freePort();
  const server = await startDevServer({
    dataDir,
    ip: '127.0.0.1',
    port,
    uiPort: await freePort(),
    namespace: 'default',
    startTimeoutMs: 60_000,
    echoOutput: false,
  });
  const results: FleetResult[] = [];
  try {
    // A 64 GB disk at 100 Mbit/s takes ~5,200 virtual seconds: time scale 1000 -> ~5 s, 250 -> ~21 s, 100 -> ~52 s.
    // Progress is recorded in 5% steps, so history grows with the sync only until 20 steps, then stays put.
    const phases: FleetPhase[] = [
      { label: 'short-sync', machines, diskGB: 64, timeScale: 1000, activitySlots },
      { label: 'long-sync', machines, diskGB: 64, timeScale: 250, activitySlots },
      { label: 'longer-sync', machines, diskGB: 64, timeScale: 100, activitySlots },
    ];
    for (const phase of phases) {
      console.log(`bench: ${phase.label}: ${phase.machines} machines, ${phase.activitySlots} activity slots ...`);
      results.push(await runFleet(phase, server.address));
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(results);
  if (results.some((r) => r.completed !== r.phase.machines)) {
    console.error('bench: not every machine completed');
    process.exitCode = 1;
  }
}

function printTable(results: FleetResult[]): void {
  const rows = results.map((r) => ({
    phase: r.phase.label,
    machines: r.phase.machines,
    completed: r.completed,
    'wall s': r.wallSeconds.toFixed(1),
    'machines/min': ((r.completed / r.wallSeconds) * 60).toFixed(1),
    'mean sync s': r.meanSyncSeconds.toFixed(1),
    'item reads/machine': r.itemReadsPerMachine.toFixed(1),
    'history events min/mean/max': `${r.historyEvents.min}/${r.historyEvents.mean.toFixed(0)}/${r.historyEvents.max}`,
    'peak RSS MB (worker+emulator+client)': r.peakRssMb.toFixed(0),
    'ARM requests': r.emulatorRequests,
  }));
  console.table(rows);
}

main().catch((error: unknown) => {
  const { code, message } = exitCodeFor(error);
  console.error(message);
  process.exit(code);
});
