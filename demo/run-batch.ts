import { setTimeout as delay } from 'node:timers/promises';
import type { MigrationClient } from '../client';
import type { MigrationRequestInput } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import type { DemoOperator } from './operator';
import type { ProgressView } from './progress-view';

export interface RunBatchOptions {
  migrations: MigrationClient;
  requests: readonly MigrationRequestInput[];
  operator: DemoOperator;
  view: ProgressView;
  /** Rejects or resolves if the worker stops before the batch is done. */
  workerStopped: Promise<void>;
  timeoutMs: number;
  tickMs: number;
}

/**
 * Starts the batch as a service would (MigrationClient.startBatch), then every tick reads each machine's
 * status, shows it and lets the operator answer whatever waits for a decision, until every machine has ended.
 * Returns the final statuses in request order.
 */
export async function runBatch(options: RunBatchOptions): Promise<MigrationStatus[]> {
  const { migrations, view, operator } = options;
  const results = await migrations.startBatch(options.requests);
  const failedStarts = results.filter((result) => result.outcome !== 'started');
  if (failedStarts.length > 0) {
    throw new Error(
      `could not start the batch:\n${failedStarts.map((r) => `  ${r.machineId}: ${r.outcome === 'error' ? r.error : r.outcome}`).join('\n')}`,
    );
  }
  const machineIds = results.map((result) => result.machineId);
  view.log(`Started ${machineIds.length} migrations with MigrationClient.startBatch: ${machineIds.join(', ')}\n`);

  const workerGone = options.workerStopped.then(
    () => Promise.reject(new Error('the worker stopped before the batch finished')),
    (error: unknown) => Promise.reject(new Error(`the worker failed: ${error instanceof Error ? error.message : String(error)}`)),
  );
  workerGone.catch(() => undefined);

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const statuses = await Promise.race([Promise.all(machineIds.map((id) => migrations.status(id))), workerGone]);
    view.update(statuses);
    if (statuses.every((status) => FINAL_STAGES.includes(status.stage))) break;
    await Promise.race([Promise.all(statuses.map((status) => operator.act(status))), workerGone]);
    if (Date.now() > deadline) {
      const pending = statuses.filter((status) => !FINAL_STAGES.includes(status.stage));
      throw new Error(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s; still running: ${pending.map((s) => `${s.machineId} (${s.stage})`).join(', ')}`,
      );
    }
    await delay(options.tickMs);
  }
  view.finish();
  return Promise.all(machineIds.map((id) => migrations.waitForResult(id)));
}
