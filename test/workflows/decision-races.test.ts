import { WorkflowUpdateFailedError } from '@temporalio/client';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { replayHistory, testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';
import { acceptedOf, failedWorkflowTasks, refusalsOf } from '../support/decision-harness';
import { startMigration, waitForStage, waitForStatus, type MigrationHandle } from '../support/migration-harness';

/**
 * Reaches AwaitingTestApproval, stops the worker, lets `send` deliver messages while nobody polls (so the next
 * worker gets them all in one workflow task), then runs `check` on a new worker.
 */
async function inOneWorkflowTask(
  send: (handle: MigrationHandle) => Promise<unknown>,
  check: (handle: MigrationHandle, sent: unknown) => Promise<void>,
): Promise<void> {
  const asr = new InMemorySiteRecovery();
  const taskQueue = uniqueTaskQueue();
  const connection: TestConnection = await testConnection();
  try {
    const handle = await withWorker({ siteRecovery: asr, taskQueue, connection }, async ({ client }) => {
      const started = await startMigration(client, taskQueue, requestFor('vmware-to-azure'));
      await waitForStage(started, 'AwaitingTestApproval');
      return started;
    });
    const sent = await send(handle);
    await withWorker({ siteRecovery: asr, taskQueue, connection }, () => check(handle, sent));
  } finally {
    await connection.close();
  }
}

describe('one decision per waiting point', () => {
  it('requestRetest and approveTestFailover signalled in one workflow task: the first is accepted, the other refused with the reason', async () => {
    await inOneWorkflowTask(
      async (handle) => {
        await handle.signal('requestRetest', { by: 'alice', comment: 'app did not start' });
        await handle.signal('approveTestFailover', { by: 'bob' });
      },
      async (handle) => {
        const after = await waitForStatus(handle, (s) => s.decisions.length === 2, 60_000);
        expect(acceptedOf(after)).toEqual([expect.objectContaining({ name: 'requestRetest', by: 'alice' })]);
        expect(refusalsOf(after)).toEqual([
          expect.objectContaining({
            name: 'approveTestFailover',
            by: 'bob',
            rejectionReason: 'requestRetest by alice was already accepted here and is being acted on: one decision per waiting point',
          }),
        ]);
        const retested = await waitForStatus(handle, (s) => s.testFailoverCount === 2 && s.stage === 'AwaitingTestApproval');
        expect(retested.decisions).toHaveLength(2);
        expect(await failedWorkflowTasks(handle)).toEqual([]);
        await handle.terminate('test done');
        // The refusal is behind patched('one-decision-per-wait'): this history replays on today's code.
        await expect(replayHistory(await handle.fetchHistory())).resolves.toBeUndefined();
      },
    );
  }, 120_000);

  it('two updates in one workflow task: the validator refuses the second with the reason', async () => {
    await inOneWorkflowTask(
      async (handle) => {
        const updates = [
          handle.executeUpdate('approveTestFailover', { args: [{ by: 'alice' }] }),
          handle.executeUpdate('requestRetest', { args: [{ by: 'bob' }] }),
        ].map((update) =>
          update.then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          ),
        );
        // Both reach the server before a worker polls again.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return updates;
      },
      async (handle, sent) => {
        // Two concurrent updates reach the server in either order: exactly one is accepted, the other refused.
        const results = await Promise.all(sent as Promise<{ value?: unknown; error?: unknown }>[]);
        const names = ['approveTestFailover', 'requestRetest'] as const;
        const acceptedIndex = results.findIndex((result) => result.error === undefined);
        expect(acceptedIndex).toBeGreaterThanOrEqual(0);
        const refused = results[1 - acceptedIndex];
        const winner = names[acceptedIndex];
        const winnerBy = acceptedIndex === 0 ? 'alice' : 'bob';
        expect(refused.error).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((refused.error as WorkflowUpdateFailedError).cause).toMatchObject({
          type: 'DecisionRejected',
          nonRetryable: true,
          message: `${winner} by ${winnerBy} was already accepted here and is being acted on: one decision per waiting point`,
        });
        const after = await waitForStatus(
          handle,
          (s) =>
            s.stage === (winner === 'approveTestFailover' ? 'AwaitingFailoverApproval' : 'AwaitingTestApproval') &&
            s.testFailoverCount === (winner === 'approveTestFailover' ? 1 : 2),
          60_000,
        );
        expect(acceptedOf(after).map((d) => d.name)).toEqual([winner]);
        await handle.terminate('test done');
      },
    );
  }, 120_000);
});
