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
  /** Aborted on Ctrl-C: the loop stops at once so teardown can close what it uses. */
  signal: AbortSignal;
}

/**
 * Starts the batch as a service would (MigrationClient.startBatch), then every tick reads each machine's
 * status, shows it and lets the operator answer whatever waits for a decision, until every machine has ended.
 * Returns the final statuses in request order.
 */
export async function runBatch(options: RunBatchOptions): Promise<MigrationStatus[]> {
  const { migrations, view, operator } = options;
  options.signal.throwIfAborted();
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
  const interrupted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new Error('interrupted'));
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
  interrupted.catch(() => undefined);
  const unlessStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, workerGone, interrupted]);

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const statuses = await unlessStopped(Promise.all(machineIds.map((id) => migrations.status(id))));
    view.update(statuses);
    if (statuses.every((status) => FINAL_STAGES.includes(status.stage))) break;
    await unlessStopped(Promise.all(statuses.map((status) => operator.act(status))));
    if (Date.now() > deadline) {
      const pending = statuses.filter((status) => !FINAL_STAGES.includes(status.stage));
      throw new Error(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s; still running: ${pending.map((s) => `${s.machineId} (${s.stage})`).join(', ')}`,
      );
    }
    await unlessStopped(delay(options.tickMs));
  }
  view.finish();
  return unlessStopped(Promise.all(machineIds.map((id) => migrations.waitForResult(id))));
}
