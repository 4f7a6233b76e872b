import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { InvalidBatchError, InvalidMigrationRequestError, MigrationClient } from '../../client';
import { workflowIdFor } from '../../common/ids';
import { MIGRATE_MACHINE_WORKFLOW } from '../../workflows/definitions';
import { runCliInProcess } from '../support/run-cli-in-process';
import { TEST_NAMESPACE_VAR, TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

/** Two misspellings that must be refused: one would let anyone approve, the other shut the source down against the request. */
const MISSPELLED = [
  { field: 'approval', value: { approver: ['ana'] }, error: 'approval: unrecognized key "approver"' },
  { field: 'failover', value: { shutdownsource: false }, error: 'failover: unrecognized key "shutdownsource"' },
] as const;

function misspelled(field: string, value: unknown) {
  return { ...requestFor('vmware-to-azure'), [field]: value };
}

describe('a misspelled key in a nested request object is refused on every way in', () => {
  let test: TestConnection;
  let dir: string;
  beforeAll(async () => {
    test = await testConnection();
    dir = mkdtempSync(join(tmpdir(), 'siteshift-strict-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test.close();
  });

  async function expectNoWorkflow(machineId: string): Promise<void> {
    await expect(test.client.workflow.getHandle(workflowIdFor(machineId)).describe()).rejects.toThrow(WorkflowNotFoundError);
  }

  it.each(MISSPELLED)('through the client, alone and in a batch: $error', async ({ field, value, error }) => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    const request = misspelled(field, value);
    const alone = await migrations.startMigration(request).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(InvalidMigrationRequestError);
    expect((alone as Error).message).toContain(error);
    const good = requestFor('physical-to-azure');
    const batch = await migrations.startBatch([good, request]).catch((e: unknown) => e);
    expect(batch).toBeInstanceOf(InvalidBatchError);
    expect((batch as Error).message).toContain(`request #1 (${request.machineId}):\n  - ${error}`);
    await expectNoWorkflow(request.machineId);
    await expectNoWorkflow(good.machineId);
  });

  it.each(MISSPELLED)('through `siteshift start FILE`: $error', async ({ field, value, error }) => {
    const request = misspelled(field, value);
    const file = join(dir, `${request.machineId}.json`);
    writeFileSync(file, JSON.stringify(request));
    const env = {
      TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR],
      TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR],
      SITESHIFT_TASK_QUEUE: uniqueTaskQueue(),
    };
    const run = await runCliInProcess(['start', file], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(error);
    await expectNoWorkflow(request.machineId);
  });

  it('through a raw workflow start, which the workflow fails naming the field, before touching Site Recovery', async () => {
    const siteRecovery = new InMemorySiteRecovery();
    await withWorker({ siteRecovery }, async ({ client, taskQueue }) => {
      for (const { field, value, error } of MISSPELLED) {
        const request = misspelled(field, value);
        const handle = await client.workflow.start(MIGRATE_MACHINE_WORKFLOW, {
          args: [request],
          workflowId: workflowIdFor(request.machineId),
          taskQueue,
        });
        const failure = await handle.result().catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        expect((failure as WorkflowFailedError).cause?.message).toContain(error);
      }
    });
    expect(siteRecovery.calls).toEqual([]);
  });
});
