import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { startMigration, waitForStage, waitForStatus } from '../support/migration-harness';

describe('initial replication', () => {
  it('shows progress, flags a replication whose progress stops moving as stalled, and clears it when it moves', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('physical-to-azure', { replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 0.05 } });
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');

      asr.setProgress(request.machineId, 20);
      await waitForStatus(handle, (s) => s.replication.percent === 20);
      // A move within the same 5% step is not reported, but it still counts as progress for stall detection.
      const smallMoveAt = Date.now();
      asr.setProgress(request.machineId, 21);
      const stalled = await waitForStatus(handle, (s) => s.replication.stalled);
      expect(stalled.stage).toBe('InitialReplication');
      expect(stalled.replication.percent).toBe(21);
      expect(Date.parse(stalled.replication.lastChangeAt!)).toBeGreaterThanOrEqual(smallMoveAt - 1_000);

      asr.setProgress(request.machineId, 35);
      const moving = await waitForStatus(handle, (s) => !s.replication.stalled);
      expect(moving.replication.percent).toBe(35);

      asr.setProgress(request.machineId, 100);
      const done = await waitForStage(handle, 'AwaitingTestApproval');
      expect(done.replication).toMatchObject({ percent: 100, stalled: false, protectionState: 'Protected' });

      // History grows with the progress steps reported, not with the number of checks.
      const checks = asr.countOf('getReplication', request.machineId);
      const history = await handle.fetchHistory();
      const completedChecks = history.events!.filter((e) => e.activityTaskCompletedEventAttributes).length;
      expect(checks).toBeGreaterThan(completedChecks);
      await handle.terminate('test done');
    });
  });

  it('many machines waiting for their sync hold no activity slot between checks', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    const machines = 12;
    await withWorker({ siteRecovery: asr, maxConcurrentActivityTaskExecutions: 2 }, async ({ client, taskQueue }) => {
      const handles = await Promise.all(
        Array.from({ length: machines }, () => startMigration(client, taskQueue, requestFor('vmware-to-azure'))),
      );
      await Promise.all(handles.map((handle) => waitForStage(handle, 'InitialReplication')));
      // With 2 slots, 12 waiting syncs can only all be checked repeatedly if no check holds its slot while waiting.
      await waitForStatus(handles[0], () =>
        handles.every((h) => asr.countOf('getReplication', h.workflowId.replace(/^migrate-/, '')) >= 2),
      );
      for (const handle of handles) asr.setProgress(handle.workflowId.replace(/^migrate-/, ''), 100);
      await Promise.all(handles.map((handle) => waitForStage(handle, 'AwaitingTestApproval')));
      await Promise.all(handles.map((handle) => handle.terminate('test done')));
    });
  });
});
