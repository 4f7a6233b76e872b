import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { MigrationClient } from '../client';
import { startEmulator } from '../emulator';
import { createSiteRecovery } from '../site-recovery/create-site-recovery';
import { createMigrationWorker } from '../workers/worker';
import { fleetInventory } from './fleet-inventory';

export interface FleetPhase {
  label: string;
  machines: number;
  diskGB: number;
  /** Emulator virtual seconds per real second: with the disk size, how long each initial sync takes. */
  timeScale: number;
  /** Activity slots of the worker: far fewer than machines, as in production. */
  activitySlots: number;
}

export interface FleetResult {
  phase: FleetPhase;
  completed: number;
  wallSeconds: number;
  /** Mean initial-sync duration (InitialReplication stage) per machine. */
  meanSyncSeconds: number;
  /** Reads of the protected items per machine (the sync checks, mostly). */
  itemReadsPerMachine: number;
  historyEvents: { min: number; mean: number; max: number };
  peakRssMb: number;
  emulatorRequests: number;
}

/** Two approvers: under the four-eyes rule whoever approved the test does not approve the cutover. */
const APPROVERS = {
  approveTestFailover: { by: 'bench-tester', comment: 'automatic approval by npm run bench' },
  approveFailover: { by: 'bench-operator', comment: 'automatic approval by npm run bench' },
} as const;

/** Migrates a fleet of VMware VMs through the emulator with the production worker, playing the operator. */
export async function runFleet(phase: FleetPhase, temporalAddress: string): Promise<FleetResult> {
  const runTag = `${phase.label}-${Date.now().toString(36)}`;
  const { inventory, requests } = fleetInventory(phase.machines, phase.diskGB, runTag);
  const emulator = await startEmulator({ inventory, timeScale: phase.timeScale });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const connection = await Connection.connect({ address: temporalAddress });
  const taskQueue = `bench-${runTag}`;
  const migrations = new MigrationClient(new Client({ connection }), taskQueue);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  try {
    const siteRecovery = createSiteRecovery({
      endpoint: emulator.url,
      credential: { mode: 'static-token', token: 'bench' },
      caCertificatePem: emulator.certificatePem,
      pollIntervalMs: 200,
    });
    const worker = await createMigrationWorker({
      connection: nativeConnection,
      taskQueue,
      siteRecovery,
      maxConcurrentActivityTaskExecutions: phase.activitySlots,
    });
    const started = Date.now();
    await worker.runUntil(async () => {
      const results = await migrations.startBatch(requests);
      const failedStarts = results.filter((r) => r.outcome !== 'started');
      if (failedStarts.length > 0) throw new Error(`could not start: ${JSON.stringify(failedStarts.slice(0, 3))}`);
      await operate(migrations, `bench-${runTag}`, phase.machines);
    });
    const wallSeconds = (Date.now() - started) / 1000;

    const statuses = await Promise.all(requests.map((r) => migrations.waitForResult(r.machineId)));
    const histories = await Promise.all(
      requests.map(async (r) => (await migrations.client.workflow.getHandle(`migrate-${r.machineId}`).fetchHistory()).events?.length ?? 0),
    );
    const syncSeconds = statuses.map((s) => stageSeconds(s.stages, 'InitialReplication'));
    const log = emulator.requestLog();
    const itemReads = log.filter((e) => e.method === 'GET' && /\/replicationprotecteditems\/[^/]+$/.test(e.resourceId ?? '')).length;
    return {
      phase,
      completed: statuses.filter((s) => s.stage === 'Completed').length,
      wallSeconds,
      meanSyncSeconds: mean(syncSeconds),
      itemReadsPerMachine: itemReads / phase.machines,
      historyEvents: { min: Math.min(...histories), mean: mean(histories), max: Math.max(...histories) },
      peakRssMb: peakRss / 2 ** 20,
      emulatorRequests: log.length,
    };
  } finally {
    clearInterval(sampler);
    await connection.close();
    await nativeConnection.close();
    await emulator.stop();
  }
}

/** The operator: approves whatever waits (found by search attribute, as a person would) until all are done. */
async function operate(migrations: MigrationClient, wave: string, machines: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    const fleet = await migrations.list({ wave });
    const waiting = fleet.filter((m) => m.stage === 'AwaitingTestApproval' || m.stage === 'AwaitingFailoverApproval');
    await Promise.all(
      waiting.map(
        (m) => migrations.decide(m.machineId, ...approvalFor(m.stage)).catch(() => undefined), // visibility lags a little: a decision already taken is rejected, harmlessly
      ),
    );
    if (fleet.length === machines && fleet.every((m) => m.executionStatus !== 'RUNNING')) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the fleet did not finish within 15 minutes');
}

function stageSeconds(stages: { stage: string; enteredAt: string }[], stage: string): number {
  const index = stages.findIndex((s) => s.stage === stage);
  if (index < 0 || index + 1 >= stages.length) return 0;
  return (Date.parse(stages[index + 1].enteredAt) - Date.parse(stages[index].enteredAt)) / 1000;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

/** The approval a migration waiting in `stage` needs, with its approver. */
function approvalFor(stage: string | undefined) {
  const decision = stage === 'AwaitingTestApproval' ? 'approveTestFailover' : 'approveFailover';
  return [decision, APPROVERS[decision]] as const;
}
