import { DECISION_LIMITS } from '../../common/decisions';
import { MAX_STATUS_BYTES } from '../../common/migration-status';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { acceptedOf, failedWorkflowTasks, refusalsOf, statusAfterFlood, statusBytes, updateRefusal } from '../support/decision-harness';
import { startMigration, waitForStage } from '../support/migration-harness';

/** Characters that each cost 3 bytes of UTF-8: the most a kept character can cost. */
const heavy = (length: number) => '€'.repeat(length);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('decision log bounds', () => {
  it('five 1 MB `by` signals and a flood of refusals in CompletingMigration: status stays small and the migration completes', async () => {
    const asr = new InMemorySiteRecovery();
    const completing = asr.hold('completeMigration');
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('vmware-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate('approveTestFailover', { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate('approveFailover', { args: [{ by: 'bob' }] });
      await completing.reached;
      await waitForStage(handle, 'CompletingMigration');

      const oneMegabyte = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 5; i += 1) await handle.signal('abortMigration', { by: oneMegabyte, reason: 'flood' });
      for (let i = 0; i < 100; i += 1) {
        await handle.signal(i % 2 ? 'approveTestFailover' : 'abortMigration', {
          by: `mallory-${i}`,
          comment: 'y'.repeat(5000),
          [`k${i}`]: i,
        });
      }
      const flooded = await statusAfterFlood(handle, (s) => s.refusedDecisions === 105);
      expect(refusalsOf(flooded)).toHaveLength(DECISION_LIMITS.KEPT_REFUSALS);
      expect(refusalsOf(flooded).at(-1)).toMatchObject({ by: 'mallory-99', stage: 'CompletingMigration' });
      expect(acceptedOf(flooded).map((d) => d.name)).toEqual(['approveTestFailover', 'approveFailover']);
      expect(statusBytes(flooded)).toBeLessThan(64 * 1024);

      completing.release();
      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(await failedWorkflowTasks(handle)).toEqual([]);
    });
  }, 120_000);

  it('the largest status clients can cause stays under MAX_STATUS_BYTES: 30 accepted decisions at full length, then only an abort', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('azure-to-azure', { wave: heavy(100), displayName: heavy(260) }));
      const full = (extra: object = {}) => ({ by: heavy(200), comment: heavy(2000), ...extra });
      await waitForStage(handle, 'AwaitingTestApproval');
      // Four-eyes: the test's approver is another person (a name as long).
      await handle.executeUpdate('approveTestFailover', { args: [full({ by: `t${heavy(199)}` })] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate('approveFailover', { args: [full({ notBefore: inDays(30) })] });
      for (let i = 0; i < DECISION_LIMITS.MAX_ACCEPTED_DECISIONS - 2; i += 1) {
        await handle.executeUpdate('rescheduleFailover', { args: [full({ notBefore: inDays(31 + i) })] });
      }
      const capped = await updateRefusal(handle, 'rescheduleFailover', { by: 'ana', notBefore: inDays(90) });
      expect(capped.message).toMatch(/30 accepted decisions, the most one migration keeps: only abortMigration is accepted now/);

      // Longer than anything kept of a refusal; each NUL costs 6 bytes of JSON unless replaced.
      const hostile = '\u0000'.repeat(2_000);
      for (let i = 0; i < 2 * DECISION_LIMITS.KEPT_REFUSALS; i += 1) {
        await handle.signal(i % 2 ? `${hostile.slice(0, 180)}${i}` : 'cancelScheduledFailover', {
          by: hostile,
          comment: hostile,
          reason: hostile,
          notBefore: hostile,
          [hostile + i]: { [hostile]: hostile },
        });
      }
      await statusAfterFlood(handle, (s) => s.refusedDecisions === 2 * DECISION_LIMITS.KEPT_REFUSALS);
      await handle.executeUpdate('abortMigration', { args: [full({ reason: heavy(2000) })] });
      const result = await handle.result();
      expect(result.stage).toBe('Aborted');
      expect(acceptedOf(result)).toHaveLength(DECISION_LIMITS.MAX_ACCEPTED_DECISIONS + 1);
      expect(result.refusedDecisions).toBe(2 * DECISION_LIMITS.KEPT_REFUSALS);
      const bytes = statusBytes(result);
      console.log(`largest status: ${bytes} bytes (bound ${MAX_STATUS_BYTES})`);
      expect(bytes).toBeLessThan(MAX_STATUS_BYTES);
      expect(await failedWorkflowTasks(handle)).toEqual([]);
    });
  }, 120_000);
});
