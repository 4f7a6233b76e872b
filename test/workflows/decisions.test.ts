import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DECISION_SIGNALS, DECISION_UPDATES } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { stagesOf, startMigration, status, waitForStage, waitForStatus } from '../support/migration-harness';
import { SCHEDULE_MARGIN_MS } from '../support/polling';

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return String((error as WorkflowUpdateFailedError).cause?.message);
}

describe('operator decisions', () => {
  it('rejects an update in the wrong stage or with a bad payload, and records rejected signals without acting on them', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('vmware-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');

      expect(await rejectionOf(handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] }))).toMatch(
        /approveFailover is not allowed in stage AwaitingTestApproval/,
      );
      expect(await rejectionOf(handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: '' }] }))).toMatch(
        /by: must name the operator/,
      );

      await handle.signal(DECISION_SIGNALS.approveFailover, { by: 'mallory' });
      await handle.signal(DECISION_SIGNALS.approveTestFailover, { comment: 'no name' } as never);
      // Both signals recorded (however long a loaded worker takes to get to them), then nothing acted on them.
      const current = await waitForStatus(handle, (s) => s.decisions.length === 2);
      expect(current.stage).toBe('AwaitingTestApproval');
      expect(current.decisions).toEqual([
        expect.objectContaining({
          name: 'approveFailover',
          via: 'signal',
          by: 'mallory',
          accepted: false,
          stage: 'AwaitingTestApproval',
          rejectionReason: expect.stringMatching(/not allowed in stage AwaitingTestApproval/),
        }),
        expect.objectContaining({
          name: 'approveTestFailover',
          via: 'signal',
          by: null,
          accepted: false,
          rejectionReason: expect.stringMatching(/by: is required/),
        }),
      ]);
      expect(asr.countOf('unplannedFailover')).toBe(0);
      await handle.terminate('test done');
    });
  });

  it('runs another test failover on requestRetest, cleaning up the previous one first', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      const afterRetest = await handle.executeUpdate(DECISION_UPDATES.requestRetest, {
        args: [{ by: 'alice', comment: 'app did not start' }],
      });
      expect(afterRetest.decisions.at(-1)).toMatchObject({ name: 'requestRetest', accepted: true, comment: 'app did not start' });

      await waitForStage(handle, 'AwaitingTestApproval');
      expect((await status(handle)).testFailoverCount).toBe(2);
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
      const result = await handle.result();

      expect(stagesOf(result)).toEqual([
        'Preflight',
        'EnablingReplication',
        'InitialReplication',
        'TestFailover',
        'AwaitingTestApproval',
        'CleaningUpTestFailover',
        'TestFailover',
        'AwaitingTestApproval',
        'CleaningUpTestFailover',
        'AwaitingFailoverApproval',
        'FailingOver',
        'CompletingMigration',
        'Completed',
      ]);
      expect(asr.countOf('testFailover')).toBe(2);
      expect(asr.countOf('cleanupTestFailover')).toBe(2);
    });
  });

  it('accepts decisions only from the listed approvers', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('physical-to-azure', { approval: { approvers: ['carol'] } }));
      await waitForStage(handle, 'AwaitingTestApproval');
      expect(await rejectionOf(handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'dave' }] }))).toMatch(
        /dave is not an approver of this migration \(approvers: carol\)/,
      );
      const accepted = await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'carol' }] });
      expect(accepted.decisions.at(-1)).toMatchObject({ by: 'carol', accepted: true });
      await handle.terminate('test done');
    });
  });

  it('cuts over no earlier than notBefore and refuses a second failover approval', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('azure-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');

      const notBefore = new Date(Date.now() + SCHEDULE_MARGIN_MS).toISOString();
      const approved = await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob', notBefore }] });
      expect(approved.failover).toEqual({ type: 'unplanned', recoveryPoint: 'Latest', notBefore });
      expect(await rejectionOf(handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'eve' }] }))).toMatch(
        /already approved by bob/,
      );
      expect(asr.countOf('unplannedFailover')).toBe(0);

      const result = await handle.result();
      const failingOverAt = Date.parse(result.stages.find((s) => s.stage === 'FailingOver')!.enteredAt);
      expect(failingOverAt).toBeGreaterThanOrEqual(Date.parse(notBefore));
      expect(result.stage).toBe('Completed');
    });
  });

  it('rejects a malformed notBefore with the field named', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('aws-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      expect(
        await rejectionOf(handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob', notBefore: 'tonight' }] })),
      ).toMatch(/notBefore: must be an ISO 8601 date-time/);
      await handle.terminate('test done');
    });
  });
});
