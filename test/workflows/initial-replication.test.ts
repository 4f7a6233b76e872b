import { MigrationClient } from '../../client';
import { INITIAL_REPLICATION_CHECK_ACTIVITY, syncCheckProgressOf } from '../../common/sync-check-progress';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import {
  startMigration,
  TEST_STALL_AFTER_MINUTES,
  waitForLiveStatus,
  waitForStage,
  waitForStatus,
  type MigrationHandle,
} from '../support/migration-harness';

async function checkEvents(handle: MigrationHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === INITIAL_REPLICATION_CHECK_ACTIVITY);
  return { events: events.length, scheduledChecks: scheduled.length };
}

async function pendingCheck(handle: MigrationHandle) {
  const { raw } = await handle.describe();
  return raw.pendingActivities?.find((a) => a.activityType?.name === INITIAL_REPLICATION_CHECK_ACTIVITY);
}

describe('initial replication', () => {
  it('shows progress, flags a replication whose progress stops moving as stalled, and clears it when it moves', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('physical-to-azure', {
        replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: TEST_STALL_AFTER_MINUTES },
      });
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');

      asr.setProgress(request.machineId, 20);
      await waitForLiveStatus(migrations, request.machineId, (s) => s.replication.percent === 20);
      // A small move is progress too: the stall clock restarts from it.
      const smallMoveAt = Date.now();
      asr.setProgress(request.machineId, 21);
      const stalled = await waitForLiveStatus(migrations, request.machineId, (s) => s.replication.stalled);
      expect(stalled.stage).toBe('InitialReplication');
      expect(stalled.replication.percent).toBe(21);
      expect(Date.parse(stalled.replication.lastChangeAt!)).toBeGreaterThanOrEqual(smallMoveAt - 1_000);

      asr.setProgress(request.machineId, 35);
      const moving = await waitForLiveStatus(migrations, request.machineId, (s) => !s.replication.stalled);
      expect(moving.replication.percent).toBe(35);

      asr.setProgress(request.machineId, 100);
      const done = await waitForStage(handle, 'AwaitingTestApproval');
      expect(done.replication).toMatchObject({ percent: 100, stalled: false, protectionState: 'Protected' });

      // The check came back to the workflow only when the stall state changed (twice) and at completion.
      expect((await checkEvents(handle)).scheduledChecks).toBe(3);
      await handle.terminate('test done');
    });
  });

  it('records no progress step in the history: the live percent comes from the pending check, which never heartbeats', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('vmware-to-azure', { replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 60 } });
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');
      const atStart = await checkEvents(handle);

      for (const percent of [10, 30, 55, 80]) {
        asr.setProgress(request.machineId, percent);
        const live = await waitForLiveStatus(migrations, request.machineId, (s) => s.replication.percent === percent);
        expect(live.stage).toBe('InitialReplication');
      }
      // The workflow itself has recorded nothing since the sync began; describe carries the progress.
      expect(await checkEvents(handle)).toEqual(atStart);
      const pending = await pendingCheck(handle);
      expect(syncCheckProgressOf(pending ?? undefined)).toMatchObject({ percent: 80, stalled: false });
      expect(pending?.heartbeatDetails?.payloads ?? []).toHaveLength(0);

      asr.setProgress(request.machineId, 100);
      await waitForStage(handle, 'AwaitingTestApproval');
      expect((await checkEvents(handle)).scheduledChecks).toBe(1);
      expect(asr.countOf('getReplication', request.machineId)).toBeGreaterThan(4);
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
