import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failedWorkflowTasks, refusalsOf, updateRefusal } from '../support/decision-harness';
import { startMigration, waitForStage, waitForStatus } from '../support/migration-harness';

const KNOWN = 'approveTestFailover, requestRetest, approveFailover, rescheduleFailover, cancelScheduledFailover, abortMigration';

describe('decision names and refusals', () => {
  it('records a misspelled signal or update as refused, refuses updates as DecisionRejected (non-retryable), says "is required"', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('physical-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');

      await handle.signal('approveTestFailovr', { by: 'alice' });
      const misspelledUpdate = await updateRefusal(handle, 'aproveTestFailover', { by: 'bob' });
      expect(misspelledUpdate).toMatchObject({
        type: 'DecisionRejected',
        nonRetryable: true,
        message: `unknown decision "aproveTestFailover": the decisions are ${KNOWN}`,
      });
      const recorded = await waitForStatus(handle, (s) => s.refusedDecisions === 2);
      expect(refusalsOf(recorded)).toEqual([
        expect.objectContaining({
          name: 'approveTestFailovr',
          via: 'signal',
          by: 'alice',
          rejectionReason: `unknown decision "approveTestFailovr": the decisions are ${KNOWN}`,
        }),
        expect.objectContaining({ name: 'aproveTestFailover', via: 'update', by: 'bob' }),
      ]);

      expect(await updateRefusal(handle, 'approveFailover', { by: 'bob' })).toMatchObject({ type: 'DecisionRejected', nonRetryable: true });
      expect((await updateRefusal(handle, 'approveTestFailover', { comment: 'who?' })).message).toBe(
        'invalid approveTestFailover: by: is required',
      );
      expect((await updateRefusal(handle, 'abortMigration', { by: 'ops' })).message).toBe('invalid abortMigration: reason: is required');
      expect((await updateRefusal(handle, 'approveTestFailover', { by: 'ops', approver: 'x' })).message).toBe(
        'invalid approveTestFailover: payload: unknown key "approver"',
      );

      expect((await waitForStage(handle, 'AwaitingTestApproval')).decisions.filter((d) => d.accepted)).toEqual([]);
      expect(await failedWorkflowTasks(handle)).toEqual([]);
      await handle.terminate('test done');
    });
  });
});
