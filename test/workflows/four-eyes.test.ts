import { DECISION_RULES } from '../../common/decision-policy';
import type { MigrationStatus } from '../../common/migration-status';
import { refusalsOf, updateRefusal } from '../support/decision-harness';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { startMigration, status, waitForStage, type MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';

const decide = (handle: MigrationHandle, name: string, payload: object) =>
  handle.executeUpdate(name, { args: [payload] }) as Promise<MigrationStatus>;

/** A migration started by olga, its test approved by ana, waiting for its cutover approval. */
async function waitingForCutover(client: Parameters<typeof startMigration>[0], taskQueue: string): Promise<MigrationHandle> {
  const handle = await startMigration(client, taskQueue, requestFor('vmware-to-azure', { startedBy: 'olga' }));
  await waitForStage(handle, 'AwaitingTestApproval');
  await decide(handle, 'approveTestFailover', { by: 'ana' });
  await waitForStage(handle, 'AwaitingFailoverApproval');
  return handle;
}

describe('four-eyes (on by default): the cutover approver is neither who started the migration nor who approved its test', () => {
  it('refuses the starter and the test approver, by update (naming the rule) and by signal, records each refusal, then accepts a third person', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await waitingForCutover(client, taskQueue);
      expect((await status(handle)).decisionPolicy).toEqual({ fourEyes: true, signedDecisions: false });

      const byStarter = await updateRefusal(handle, 'approveFailover', { by: 'olga' });
      expect(byStarter.type).toBe('DecisionRejected');
      expect(byStarter.message).toBe(
        'four-eyes: the cutover must be approved by someone else than whoever started the migration (olga started it)',
      );
      expect(byStarter.details).toEqual([{ rule: DECISION_RULES.fourEyesStarter }]);
      // Names are compared trimmed and case-insensitively.
      expect((await updateRefusal(handle, 'approveFailover', { by: ' OLGA ' })).details).toEqual([
        { rule: DECISION_RULES.fourEyesStarter },
      ]);

      const byTester = await updateRefusal(handle, 'approveFailover', {
        by: 'ana',
        notBefore: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(byTester.message).toBe(
        'four-eyes: the cutover must be approved by someone else than whoever approved its test failover (ana approved it)',
      );
      expect(byTester.details).toEqual([{ rule: DECISION_RULES.fourEyesTestApprover }]);

      await handle.signal('approveFailover', { by: 'Ana' });
      const refused = await waitUntil(
        'the signal refused',
        () => status(handle),
        (s) => refusalsOf(s).length === 4,
      );
      expect(refused.stage).toBe('AwaitingFailoverApproval');
      expect(refused.failover).toBeUndefined();
      expect(refusalsOf(refused).map((d) => [d.by, d.via, d.stage, d.rejectionReason?.match(/whoever (\w+)/)?.[1]])).toEqual([
        ['olga', 'update', 'AwaitingFailoverApproval', 'started'],
        [' OLGA ', 'update', 'AwaitingFailoverApproval', 'started'],
        ['ana', 'update', 'AwaitingFailoverApproval', 'approved'],
        ['Ana', 'signal', 'AwaitingFailoverApproval', 'approved'],
      ]);
      expect(asr.countOf('unplannedFailover')).toBe(0);

      expect((await decide(handle, 'approveFailover', { by: 'ben' })).stage).not.toBe('AwaitingFailoverApproval');
      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(result.decisions.filter((d) => d.accepted).map((d) => `${d.name} by ${d.by}`)).toEqual([
        'approveTestFailover by ana',
        'approveFailover by ben',
      ]);
    });
  });

  it('leaves the other decisions alone: the starter may approve the test, retest, reschedule and abort', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure', { startedBy: 'olga' }));
      await waitForStage(handle, 'AwaitingTestApproval');
      await decide(handle, 'requestRetest', { by: 'olga' });
      await waitForStage(handle, 'AwaitingTestApproval');
      await decide(handle, 'approveTestFailover', { by: 'olga' });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      expect((await updateRefusal(handle, 'approveFailover', { by: 'olga' })).details).toEqual([{ rule: DECISION_RULES.fourEyesStarter }]);
      await decide(handle, 'approveFailover', { by: 'ben', notBefore: new Date(Date.now() + 86_400_000).toISOString() });
      const moved = await decide(handle, 'rescheduleFailover', {
        by: 'olga',
        notBefore: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      });
      expect(moved.stage).toBe('ScheduledFailover');
      await decide(handle, 'abortMigration', { by: 'olga', reason: 'test over' });
      expect((await handle.result()).stage).toBe('Aborted');
    });
  });

  it('is a setting of the worker: off, one person may start, approve the test and approve the cutover', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy: { fourEyes: false } }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('aws-to-azure', { startedBy: 'ana' }));
      await waitForStage(handle, 'AwaitingTestApproval');
      expect((await status(handle)).decisionPolicy).toEqual({ fourEyes: false, signedDecisions: false });
      await decide(handle, 'approveTestFailover', { by: 'ana' });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await decide(handle, 'approveFailover', { by: 'ana' });
      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(refusalsOf(result)).toEqual([]);
    });
  });

  it('a migration started without startedBy (plain `temporal workflow start`) still keeps the test approver from the cutover', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('physical-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await decide(handle, 'approveTestFailover', { by: 'ana' });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      expect((await updateRefusal(handle, 'approveFailover', { by: 'ana' })).details).toEqual([
        { rule: DECISION_RULES.fourEyesTestApprover },
      ]);
      await decide(handle, 'approveFailover', { by: 'ben' });
      expect((await handle.result()).stage).toBe('Completed');
    });
  });
});
