import { DECISION_UPDATES } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker } from '../support/temporal';
import { MigrationClient } from '../../client';
import { startMigration, status, waitForLiveStatus, waitForStage } from '../support/migration-harness';

describe('worker restart', () => {
  it('a migration waiting in InitialReplication survives its worker going away and completes on a new one', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    const taskQueue = uniqueTaskQueue();
    const connection = await testConnection();
    try {
      const request = requestFor('vmware-to-azure');
      const handle = await withWorker({ siteRecovery: asr, taskQueue, connection }, async ({ client }) => {
        const started = await startMigration(client, taskQueue, request);
        await waitForStage(started, 'InitialReplication');
        asr.setProgress(request.machineId, 40);
        await waitForLiveStatus(new MigrationClient(client, taskQueue), request.machineId, (s) => s.replication.percent === 40);
        return started;
      });
      // No worker now: progress moves in "Azure" while nobody polls.
      asr.setProgress(request.machineId, 100);
      const checksWhileDown = asr.countOf('getReplication');

      await withWorker({ siteRecovery: asr, taskQueue, connection }, async () => {
        // A check handed to the first worker's last poll is lost with it and retried after its 30 s timeout.
        await waitForStage(handle, 'AwaitingTestApproval', 60_000);
        await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
        await waitForStage(handle, 'AwaitingFailoverApproval');
        await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
        const result = await handle.result();
        expect(result.stage).toBe('Completed');
        expect((await status(handle)).replication.percent).toBe(100);
      });
      expect(asr.countOf('getReplication')).toBeGreaterThan(checksWhileDown);
      expect(asr.countOf('enableReplication')).toBe(1);
    } finally {
      await connection.close();
    }
  }, 120_000);
});
