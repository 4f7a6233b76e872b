import type { Client } from '@temporalio/client';
import { parseMigrationRequest } from '../../common/migration-request';
import { DECISION_UPDATES } from '../../workflows/definitions';
import { waitUntil } from '../support/polling';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import {
  failureOf,
  stagesOf,
  startMigration,
  startRawMigration,
  status,
  waitForStage,
  type MigrationHandle,
} from '../support/migration-harness';

/** Waits until Temporal's visibility shows the run closed in this stage (the premise of the rule under test). */
async function untilListed(client: Client, handle: MigrationHandle, stage: string): Promise<void> {
  const query = `WorkflowId = '${handle.workflowId}' AND ExecutionStatus = 'Completed' AND MigrationStage = '${stage}'`;
  await waitUntil(
    `${handle.workflowId} to be listed as ${stage}`,
    () => client.workflow.count(query),
    (result) => result.count === 1,
  );
}

describe('a machine whose migration completed', () => {
  it('cannot be migrated again by a plain workflow start: preflight fails AlreadyMigrated, naming the run, before anything is created', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('physical-to-azure');
      const first = await startMigration(client, taskQueue, request);
      await waitForStage(first, 'AwaitingTestApproval');
      await first.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(first, 'AwaitingFailoverApproval');
      await first.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
      expect((await first.result()).stage).toBe('Completed');
      const firstRunId = (await first.describe()).runId;
      await untilListed(client, first, 'Completed');
      const callsAfterFirst = asr.calls.length;

      const second = await startRawMigration(client, taskQueue, parseMigrationRequest(request));
      const failure = await failureOf(second);
      expect(failure.type).toBe('AlreadyMigrated');
      expect(failure.message).toMatch(
        new RegExp(
          `^AlreadyMigrated: ${request.machineId} was already migrated: run ${firstRunId} of migrate-${request.machineId} completed at \\d{4}-`,
        ),
      );
      const refused = await status(second);
      expect(stagesOf(refused)).toEqual(['Preflight', 'Failed']);
      expect(refused.lastError).toMatchObject({ code: 'AlreadyMigrated', stage: 'Preflight' });
      expect(refused.leftBehind).toEqual([]);
      // Harmless in ASR terms: the second run asked ASR nothing, so it created, adopted and removed nothing.
      expect(asr.calls.slice(callsAfterFirst)).toEqual([]);
    });
  });

  it('an aborted migration does not count: the machine can be migrated again', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const first = await startMigration(client, taskQueue, request);
      await waitForStage(first, 'AwaitingTestApproval');
      await first.executeUpdate(DECISION_UPDATES.abortMigration, { args: [{ by: 'ops', reason: 'wrong window' }] });
      expect((await first.result()).stage).toBe('Aborted');
      await untilListed(client, first, 'Aborted');

      const second = await startRawMigration(client, taskQueue, parseMigrationRequest(request));
      const waiting = await waitForStage(second, 'AwaitingTestApproval');
      expect(waiting.lastError).toBeUndefined();
      await second.terminate('test done');
    });
  });
});
