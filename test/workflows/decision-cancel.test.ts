import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failedWorkflowTasks } from '../support/decision-harness';
import { startMigration, status, waitForStage, waitForStatus } from '../support/migration-harness';

/** `temporal workflow cancel`: an abort with the server's authority (README "Trust model"). */
describe('temporal workflow cancel', () => {
  it('aborts a migration whose request names approvers: the server, not an approver, decides', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure', { approval: { approvers: ['ana'] } }));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.cancel();
      const result = await handle.result();
      expect(result.stage).toBe('Aborted');
      expect(result.decisions).toEqual([
        expect.objectContaining({
          name: 'abortMigration',
          via: 'cancellation',
          by: 'temporal-cancel',
          accepted: true,
          details: { reason: 'Workflow cancellation was requested' },
        }),
      ]);
      expect(asr.countOf('removeReplication')).toBe(1);
    });
  });

  it('after the failover started: the first cancel is refused and recorded, a second is not delivered, the migration completes', async () => {
    const asr = new InMemorySiteRecovery();
    const failover = asr.hold('unplannedFailover');
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('vmware-to-azure', { approval: { approvers: ['ana', 'ben'] } }));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate('approveTestFailover', { args: [{ by: 'ana' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate('approveFailover', { args: [{ by: 'ben' }] });
      await failover.reached;

      await handle.cancel();
      const refused = await waitForStatus(handle, (s) => s.decisions.some((d) => d.via === 'cancellation'));
      expect(refused.decisions.at(-1)).toMatchObject({
        name: 'abortMigration',
        via: 'cancellation',
        accepted: false,
        rejectionReason: expect.stringMatching(/abortMigration is not allowed in stage FailingOver/),
      });
      // The server accepts the second request (no error for the caller) but delivers one cancellation per workflow.
      await expect(handle.cancel()).resolves.toBeDefined();
      const history = await handle.fetchHistory();
      expect(history.events?.filter((e) => e.workflowExecutionCancelRequestedEventAttributes)).toHaveLength(1);

      failover.release();
      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(result.decisions.filter((d) => d.via === 'cancellation')).toHaveLength(1);
      expect((await status(handle)).stage).toBe('Completed');
      expect(await failedWorkflowTasks(handle)).toEqual([]);
    });
  });
});
