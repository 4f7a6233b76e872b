import { setTimeout as sleep } from 'node:timers/promises';
import type { MigrationClient } from '../../client';
import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';

/** Polls `status` until the migration reaches `stage`; fails with the last status seen. */
export async function waitForStage(migrations: MigrationClient, machineId: string, stage: Stage, timeoutMs = 30_000): Promise<MigrationStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: MigrationStatus | undefined;
  while (Date.now() < deadline) {
    last = await migrations.status(machineId);
    if (last.stage === stage) return last;
    await sleep(200);
  }
  throw new Error(`${machineId} did not reach ${stage} within ${timeoutMs} ms; last stage ${last?.stage}, error ${JSON.stringify(last?.lastError)}`);
}

/** Visibility is eventually consistent: polls `probe` until `accept` holds, then returns its value. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await sleep(250);
    value = await probe();
  }
  return value;
}
