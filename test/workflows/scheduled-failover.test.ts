import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { SCHEDULE_MARGIN_MS, waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failedWorkflowTasks, updateRefusal, walkTo } from '../support/decision-harness';
import { stagesOf, startMigration, waitForStage } from '../support/migration-harness';
import type { MigrationHandle } from '../support/migration-harness';
import type { MigrationStatus } from '../../common/migration-status';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const DAY = 86_400_000;

async function decide(handle: MigrationHandle, name: string, payload: object): Promise<MigrationStatus> {
  return handle.executeUpdate(name, { args: [payload] }) as Promise<MigrationStatus>;
}

describe('a failover approved for later', () => {
  it('waits in ScheduledFailover, can be moved by an approver, and cuts over no earlier than the moved time', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('vmware-to-azure', { approval: { approvers: ['ana', 'ben'] } }));
      await waitForStage(handle, 'AwaitingTestApproval');
      // An accepted update answers with what the decision led to, not the stage it was accepted in.
      expect((await decide(handle, 'approveTestFailover', { by: 'ben' })).stage).not.toBe('AwaitingTestApproval');
      await waitForStage(handle, 'AwaitingFailoverApproval');

      const scheduled = await decide(handle, 'approveFailover', { by: 'ana', notBefore: inMs(DAY) });
      expect(scheduled.stage).toBe('ScheduledFailover');
      expect((await updateRefusal(handle, 'approveFailover', { by: 'ben' })).message).toMatch(/already approved by ana/);
      expect((await updateRefusal(handle, 'rescheduleFailover', { by: 'eve', notBefore: inMs(1000) })).message).toMatch(
        /eve is not an approver/,
      );
      expect((await updateRefusal(handle, 'rescheduleFailover', { by: 'ben' })).message).toBe(
        'invalid rescheduleFailover: notBefore: is required',
      );

      const notBefore = inMs(SCHEDULE_MARGIN_MS);
      const moved = await decide(handle, 'rescheduleFailover', { by: 'ben', notBefore, comment: 'window moved' });
      expect(moved.stage).toBe('ScheduledFailover');
      expect(moved.failover).toEqual({ type: 'unplanned', recoveryPoint: 'Latest', notBefore });
      expect(asr.countOf('unplannedFailover')).toBe(0);

      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(stagesOf(result).slice(-4)).toEqual(['ScheduledFailover', 'FailingOver', 'CompletingMigration', 'Completed']);
      const failingOverAt = Date.parse(result.stages.find((s) => s.stage === 'FailingOver')!.enteredAt);
      expect(failingOverAt).toBeGreaterThanOrEqual(Date.parse(notBefore));
      expect(await failedWorkflowTasks(handle)).toEqual([]);
    });
  });

  it('is listed as ScheduledFailover, not as waiting for approval; cancelled, it waits for a new approval', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure'));
      await walkTo(handle, 'ScheduledFailover');

      const listed = async (stage: string) => {
        const ids: string[] = [];
        for await (const info of client.workflow.list({ query: `WorkflowId = '${handle.workflowId}' AND MigrationStage = '${stage}'` }))
          ids.push(info.workflowId);
        return ids;
      };
      expect(
        await waitUntil(
          'the migration listed in ScheduledFailover',
          () => listed('ScheduledFailover'),
          (found) => found.length === 1,
        ),
      ).toHaveLength(1);
      expect(await listed('AwaitingFailoverApproval')).toEqual([]);

      const cancelled = await decide(handle, 'cancelScheduledFailover', { by: 'ben', reason: 'change freeze' });
      expect(cancelled.stage).toBe('AwaitingFailoverApproval');
      expect(cancelled.failover).toBeUndefined();
      const now = await decide(handle, 'approveFailover', { by: 'ben' });
      expect(now.stage).not.toBe('AwaitingFailoverApproval');
      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(result.decisions.filter((d) => d.accepted).map((d) => `${d.name}:${d.stage}`)).toEqual([
        'approveTestFailover:AwaitingTestApproval',
        'approveFailover:AwaitingFailoverApproval',
        'cancelScheduledFailover:ScheduledFailover',
        'approveFailover:AwaitingFailoverApproval',
      ]);
    });
  });

  it('can be aborted before it fires: nothing has failed over yet', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('aws-to-azure'));
      await walkTo(handle, 'ScheduledFailover');
      const aborting = await decide(handle, 'abortMigration', { by: 'ops', reason: 'cancelled by the owner' });
      expect(['Aborting', 'Aborted']).toContain(aborting.stage);
      const result = await handle.result();
      expect(stagesOf(result).slice(-3)).toEqual(['ScheduledFailover', 'Aborting', 'Aborted']);
      expect(asr.countOf('removeReplication')).toBe(1);
      expect(asr.countOf('unplannedFailover')).toBe(0);
    });
  });
});
