import { MigrationClient } from '../../client';
import { e2eAdapter, e2eRequest, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { appConsistent, approveAllToTheEnd } from '../support/operator';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';
import { WORKING_SAMPLES } from '../support/samples';

let emulator: E2eEmulator;
beforeAll(async () => {
  // Small pages: the recovery point lists the adapter reads span several.
  emulator = await startE2eEmulator({ pageSize: 10 });
});
afterAll(() => emulator?.stop());

describe('failover to the latest application-consistent recovery point, end to end', () => {
  it('completes for every scenario, the test failover and the failover each on an application-consistent point', async () => {
    const asr = emulator.current;
    const requests = WORKING_SAMPLES.map((name) => appConsistent(e2eRequest(name)));
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      await migrations.startBatch(requests);
      const finals = await approveAllToTheEnd(migrations, requests);
      for (const [index, request] of requests.entries()) {
        const { machineId } = request;
        expect({ machineId, stage: finals[index].stage, lastError: finals[index].lastError }).toEqual({
          machineId,
          stage: 'Completed',
          lastError: undefined,
        });
        expect(stagesOf(finals[index])).toEqual(HAPPY_PATH);

        // The adapter read the item's recovery points (page by page) and ASR's jobs ran on the point it chose.
        const listed = asr
          .requestLog()
          .filter(
            (e) =>
              e.operation === 'RecoveryPoints_ListByReplicationProtectedItems' &&
              !e.fault &&
              e.path.toLowerCase().includes(`/${machineId.toLowerCase()}/`),
          );
        expect(listed.length).toBeGreaterThanOrEqual(2);
        const jobs = Object.values(asr.state().jobs).filter((job) => job.itemName === machineId);
        const failovers = jobs.filter((job) => ['TestFailover', 'PlannedFailover', 'UnplannedFailover'].includes(job.scenario));
        expect(failovers.map((job) => job.scenario)).toHaveLength(2);
        for (const job of failovers)
          expect(job.details.RecoveryPointId).toMatch(
            new RegExp(`/replicationProtectedItems/${machineId}/recoveryPoints/[0-9a-f-]{36}$`, 'i'),
          );
      }
    });
  });
});
