import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../common/ids';
import { parseMigrationRequest } from '../../common/migration-request';
import { visibilityQueryFor } from '../../client/list-query';
import { historySummary } from '../support/activity-inspection';
import { waitUntil } from '../support/polling';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failureOf, startMigration, startRawMigration, status, waitForStage } from '../support/migration-harness';

describe('a migration started under a workflow id other than migrate-<machineId>', () => {
  it("ends Failed at once (WrongWorkflowId), runs no activity and leaves the machine's real migration alone", async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const input = requestFor('vmware-to-azure');
      const request = parseMigrationRequest(input);
      const real = await startMigration(client, taskQueue, input);
      await waitForStage(real, 'InitialReplication');
      const seen = asr.calls.length;

      for (const strayId of [`stray-${randomUUID()}`, workflowIdFor(`${request.machineId}-other`)]) {
        const stray = await startRawMigration(client, taskQueue, request, strayId);
        const failure = await failureOf(stray);
        expect(failure.type).toBe('WrongWorkflowId');
        expect(failure.message).toContain(`runs only as workflow id migrate-${request.machineId}, not "${strayId}"`);
        const refused = await status(stray);
        expect(refused).toMatchObject({ stage: 'Failed', lastError: { code: 'WrongWorkflowId', stage: 'Failed' }, leftBehind: [] });
        expect(await historySummary(stray)).toEqual({ activities: [], failedWorkflowTasks: 0 });
      }

      // Only the real migration's sync checks reached ASR meanwhile; it carries on untouched.
      expect(asr.calls.slice(seen).filter((call) => call.operation !== 'getReplication')).toEqual([]);
      asr.setProgress(request.machineId, 100);
      const waiting = await waitForStage(real, 'AwaitingTestApproval');
      expect(waiting.lastError).toBeUndefined();
      expect(asr.countOf('enableReplication', request.machineId)).toBe(1);
      await real.terminate('test done');
    });
  });
});

describe('a migration refused for an invalid request is visible', () => {
  it('status answers Failed with the field errors, and a list of Failed migrations finds it', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const valid = requestFor('hyperv-to-azure');
      const input = { ...valid, vault: { ...(valid.vault as object), subscriptionId: 'not-a-guid' }, target: undefined, colour: 'blue' };
      const workflowId = workflowIdFor(valid.machineId);
      const handle = await startRawMigration(client, taskQueue, input, workflowId);

      const failure = await failureOf(handle);
      expect(failure.type).toBe('InvalidMigrationRequest');
      const refused = await status(handle);
      expect(refused).toMatchObject({
        machineId: valid.machineId,
        scenario: 'hyperv-to-azure',
        stage: 'Failed',
        stages: [{ stage: 'Failed' }],
        lastError: { code: 'InvalidMigrationRequest', stage: 'Failed' },
        leftBehind: [],
      });
      expect(refused.requestErrors).toEqual(
        expect.arrayContaining([
          { path: 'vault.subscriptionId', message: 'must be a subscription GUID' },
          { path: 'target', message: 'is required' },
          { path: '', message: expect.stringContaining('colour') },
        ]),
      );
      expect(await historySummary(handle)).toEqual({ activities: [], failedWorkflowTasks: 0 });

      const query = `${visibilityQueryFor({ stage: 'Failed' })} AND WorkflowId = '${workflowId}'`;
      await waitUntil(
        'the refused migration to be listed as Failed',
        () => client.workflow.count(query),
        (result) => result.count === 1,
      );
      expect(asr.calls).toEqual([]);
    });
  });

  it('a request whose machineId is itself invalid is known by the machine id its workflow id names', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const named = `named-${randomUUID()}`;
      const input = { ...requestFor('aws-to-azure'), machineId: 42, scenario: 'tape-to-azure' };
      const handle = await startRawMigration(client, taskQueue, input, workflowIdFor(named));

      expect((await failureOf(handle)).type).toBe('InvalidMigrationRequest');
      const refused = await status(handle);
      expect(refused).toMatchObject({ machineId: named, stage: 'Failed', lastError: { code: 'InvalidMigrationRequest' } });
      expect(refused.scenario).toBeUndefined();
      expect(refused.requestErrors).toEqual([{ path: 'scenario', message: expect.any(String) }]);
    });
  });
});
