import { mapWithConcurrency } from '../client/concurrency';
import { benchWorker, fleetEmulator, type BenchStack } from './bench-stack';
import { mean } from './drive';
import { UPSERT_PROBE_STEPS, UPSERT_PROBE_WORKFLOW } from './floor-workflow';
import { DISK_GB_5_MIN } from './parked-shape';
import { processGroupCpuSeconds } from './process-cpu';

/** Starts and results in flight at once. */
const CONCURRENCY = 32;

export interface UpsertCostResult {
  workflows: number;
  rounds: number;
  /** The dev server's CPU per probe workflow, ms, each run in order: without upserts, and with one per step. */
  serverMsPerWorkflow: { plain: number[]; upserts: number[] };
  /** The means' difference per upsert. */
  serverMsPerUpsert: number;
}

/**
 * The dev server's CPU per search-attribute upsert (`--only upsert-cost`; not in the default run): `workflows` runs of
 * the upsert probe (bench/floor-workflow.ts) without and with a MigrationStage upsert in each of its steps, rounds
 * alternating which goes first, on the floor's worker. What the engine's visibility store costs for each stage a
 * migration shows (README, Benchmarks, goal 3).
 */
export async function upsertCost(stack: BenchStack, workflows: number, rounds = 2): Promise<UpsertCostResult> {
  const tag = `upserts-${Date.now().toString(36)}`;
  const { emulator } = await fleetEmulator(stack, tag, 1, () => DISK_GB_5_MIN, 1000);
  const worker = await benchWorker(stack, 'floor', emulator, tag);
  const client = stack.clients.floor;
  const serverMsPerWorkflow: UpsertCostResult['serverMsPerWorkflow'] = { plain: [], upserts: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const upserts of round % 2 === 0 ? [false, true] : [true, false]) {
        const ids = Array.from({ length: workflows }, (_, i) => `${tag}-${round}-${upserts ? 'upserts' : 'plain'}-${i}`);
        const before = processGroupCpuSeconds(stack.server.pid);
        const handles = await mapWithConcurrency(ids, CONCURRENCY, (workflowId) =>
          client.workflow.start(UPSERT_PROBE_WORKFLOW, { taskQueue: tag, workflowId, args: [upserts] }),
        );
        await mapWithConcurrency(handles, CONCURRENCY, (handle) => handle.result());
        const ms = ((processGroupCpuSeconds(stack.server.pid) - before) / workflows) * 1000;
        serverMsPerWorkflow[upserts ? 'upserts' : 'plain'].push(ms);
      }
    }
  } finally {
    await worker.stop();
    await emulator.stop();
  }
  const serverMsPerUpsert = (mean(serverMsPerWorkflow.upserts) - mean(serverMsPerWorkflow.plain)) / UPSERT_PROBE_STEPS.length;
  return { workflows, rounds, serverMsPerWorkflow, serverMsPerUpsert };
}
