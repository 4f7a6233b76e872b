import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  DecisionRejectedError,
  InvalidMigrationRequestError,
  MigrationAlreadyCompletedError,
  MigrationClient,
  MigrationNotFoundError,
  NoWorkerAnswerError,
} from '../../client';
import { workflowIdFor } from '../../common/ids';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';
import { waitForStage } from '../support/migration-harness';
import { waitUntil } from '../support/polling';

describe('MigrationClient against the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  async function runsOf(machineId: string): Promise<string[]> {
    const runs: string[] = [];
    for await (const run of test.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(machineId)}'` })) runs.push(run.runId);
    return runs;
  }

  it('starts nothing for an invalid request', async () => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    const request = { ...requestFor('hyperv-to-azure'), replicationPolicyName: '' };
    await expect(migrations.startMigration(request)).rejects.toThrow(InvalidMigrationRequestError);
    await expect(test.client.workflow.getHandle(workflowIdFor(request.machineId)).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it('returns the running migration instead of starting a duplicate, with the search attributes set', async () => {
    // No worker: the migration stays in Preflight, which is all a duplicate start needs.
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    const request = requestFor('vmware-to-azure', { wave: `wave-${randomUUID()}` });
    const first = await migrations.startMigration(request);
    const second = await migrations.startMigration(request);
    const batch = await migrations.startBatch([request]);
    try {
      expect(first.alreadyRunning).toBe(false);
      expect(second).toMatchObject({ alreadyRunning: true, workflowId: `migrate-${request.machineId}` });
      expect(batch).toEqual([{ machineId: request.machineId, workflowId: first.workflowId, outcome: 'alreadyRunning' }]);
      expect(
        await waitUntil(
          'visibility to catch up',
          () => runsOf(request.machineId),
          (runs) => runs.length > 0,
        ),
      ).toHaveLength(1);
      const listed = await waitUntil(
        'visibility to catch up',
        () => migrations.list({ wave: request.wave }),
        (found) => found.length > 0,
      );
      expect(listed).toEqual([
        expect.objectContaining({
          machineId: request.machineId,
          stage: 'Preflight',
          scenario: 'vmware-to-azure',
          wave: request.wave,
          executionStatus: 'RUNNING',
        }),
      ]);
    } finally {
      await first.handle.terminate('test over');
    }
  });

  it('reports a machine with no migration as not found, for status and for decisions', async () => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    await expect(migrations.status('never-started-machine')).rejects.toThrow(MigrationNotFoundError);
    await expect(migrations.approveTestFailover('never-started-machine', { by: 'ana' })).rejects.toThrow(MigrationNotFoundError);
  });

  it('surfaces the validator message of a rejected update, lists by stage, and allows a new run only after an abort', async () => {
    const siteRecovery = new InMemorySiteRecovery();
    await withWorker({ siteRecovery }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const wave = `wave-${randomUUID()}`;
      const approved = requestFor('hyperv-to-azure', { wave });
      const aborted = requestFor('physical-to-azure', { wave });
      const results = await migrations.startBatch([approved, aborted]);
      expect(results.map((r) => r.outcome)).toEqual(['started', 'started']);
      await waitForStage(() => migrations.status(approved.machineId), 'AwaitingTestApproval');
      await waitForStage(() => migrations.status(aborted.machineId), 'AwaitingTestApproval');

      const rejected = await migrations.approveFailover(approved.machineId, { by: 'ana' }).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(DecisionRejectedError);
      expect((rejected as DecisionRejectedError).reason).toMatch(/AwaitingTestApproval/);
      expect((await migrations.status(approved.machineId)).stage).toBe('AwaitingTestApproval');

      const afterApproval = await migrations.approveTestFailover(approved.machineId, { by: 'ana', comment: 'smoke tests green' });
      expect(afterApproval.decisions.at(-1)).toMatchObject({ name: 'approveTestFailover', by: 'ana', via: 'update', accepted: true });
      await waitForStage(() => migrations.status(approved.machineId), 'AwaitingFailoverApproval');

      const waiting = await waitUntil(
        'visibility to catch up',
        () => migrations.list({ stage: 'AwaitingFailoverApproval', wave }),
        (found) => found.length === 1,
      );
      expect(waiting.map((m) => m.machineId)).toEqual([approved.machineId]);
      const testing = await waitUntil(
        'visibility to catch up',
        () => migrations.list({ stage: 'AwaitingTestApproval', wave }),
        (found) => found.length === 1,
      );
      expect(testing.map((m) => m.machineId)).toEqual([aborted.machineId]);

      await migrations.abortMigration(aborted.machineId, { by: 'ana', reason: 'application owner said no' });
      expect((await migrations.waitForResult(aborted.machineId)).stage).toBe('Aborted');
      await expect(migrations.approveTestFailover(aborted.machineId, { by: 'ana' })).rejects.toThrow(/already ended \(stage Aborted\)/);
      const again = await migrations.startMigration(aborted);
      expect(again.alreadyRunning).toBe(false);
      expect(
        await waitUntil(
          'visibility to catch up',
          () => runsOf(aborted.machineId),
          (runs) => runs.length === 2,
        ),
      ).toHaveLength(2);
      await migrations.abortMigration(aborted.machineId, { by: 'ana', reason: 'done with this test' }, { via: 'signal' });

      await migrations.approveFailover(approved.machineId, { by: 'ben' }, { via: 'signal' }); // four-eyes: not ana, the test's approver
      const final = await migrations.waitForResult(approved.machineId);
      expect(final.stage).toBe('Completed');
      await expect(migrations.startMigration(approved)).rejects.toThrow(MigrationAlreadyCompletedError);
      expect((await migrations.waitForResult(aborted.machineId)).stage).toBe('Aborted');
    });
  });

  it('returns the final status of a migration that Failed, with the Site Recovery error', async () => {
    const siteRecovery = new InMemorySiteRecovery();
    siteRecovery.failNext(
      'testFailover',
      new SiteRecoveryError('TestNetworkMissing', 'The test network does not exist.', { statusCode: 400, retryable: false }),
    );
    await withWorker({ siteRecovery }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('azure-to-azure');
      await migrations.startMigration(request);
      const final = await migrations.waitForResult(request.machineId);
      expect(final).toMatchObject({
        machineId: request.machineId,
        stage: 'Failed',
        lastError: { code: 'TestNetworkMissing', stage: 'TestFailover' },
      });
      expect((await migrations.startMigration(request)).alreadyRunning).toBe(false);
      await migrations.abortMigration(request.machineId, { by: 'ana', reason: 'test over' });
    });
  });

  it('delivers a decision sent right after the start, when the workflow task carrying it is lost to a race', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('vmware-to-azure');
      await migrations.startMigration(request);
      const afterAbort = await migrations.abortMigration(request.machineId, { by: 'ana', reason: 'wrong machine' });
      expect(afterAbort.decisions.at(-1)).toMatchObject({ name: 'abortMigration', via: 'update', accepted: true });
      expect(await waitForStage(() => migrations.status(request.machineId), 'Aborted', 30_000)).toMatchObject({
        abortReason: 'wrong machine',
      });
    });
  });

  it('says so when no worker answers a status query or a decision in time', async () => {
    const taskQueue = uniqueTaskQueue('no-worker');
    const migrations = new MigrationClient(test.client, taskQueue, { answerTimeoutMs: 1500 });
    const started = await migrations.startMigration(requestFor('hyperv-to-azure'));
    try {
      await expect(migrations.status(started.machineId)).rejects.toThrow(NoWorkerAnswerError);
      const error = await migrations.approveTestFailover(started.machineId, { by: 'ana' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoWorkerAnswerError);
      expect((error as Error).message).toContain(`task queue "${taskQueue}"`);
      expect((error as Error).message).toContain('may still be applied');
    } finally {
      await started.handle.terminate('test over');
    }
  });

  it('starts a large batch, reporting every machine in input order', async () => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    const wave = `wave-${randomUUID()}`;
    const requests = Array.from({ length: 25 }, (_, i) => requestFor(i % 2 ? 'vmware-to-azure' : 'physical-to-azure', { wave }));
    const results = await migrations.startBatch(requests);
    try {
      expect(results.map((r) => [r.machineId, r.outcome])).toEqual(requests.map((r) => [r.machineId, 'started']));
      const listed = await waitUntil(
        'visibility to catch up',
        () => migrations.list({ wave }),
        (found) => found.length === 25,
      );
      expect(listed.map((m) => m.machineId).sort()).toEqual(requests.map((r) => r.machineId).sort());
      expect(await migrations.list({ wave, scenario: 'vmware-to-azure' })).toHaveLength(12);
    } finally {
      await Promise.all(results.map((r) => test.client.workflow.getHandle(r.workflowId).terminate('test over')));
    }
  });
});
