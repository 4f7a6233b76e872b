import { MigrationClient } from '../../client';
import { e2eAdapter, e2eRequest, SIDE_EFFECT_OPERATIONS as OP, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { appConsistent, approveAllToTheEnd } from '../support/operator';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';

let emulator: E2eEmulator;
beforeAll(async () => {
  // Every kind of call the adapter makes is answered 429 the first time: each read, each change, each poll,
  // each job, the recovery point list included.
  emulator = await startE2eEmulator({ faults: { throttling: { firstOfEach: true, status: 429, retryAfterSeconds: 1 } } });
});
afterAll(() => emulator?.stop());

describe('a 429 storm on every call the adapter makes', () => {
  it('is ridden out: without SDK retries, the activities retry after Retry-After; every side effect once', async () => {
    const asr = emulator.current;
    const requests = [appConsistent(e2eRequest('azure-app')), appConsistent(e2eRequest('hyperv-site-sql'))];
    // No retries in the SDK pipeline: every 429 reaches the adapter, which must report it retryable.
    await withWorker({ siteRecovery: e2eAdapter(asr, { maxRetries: 0 }) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      await migrations.startBatch(requests);
      const finals = await approveAllToTheEnd(migrations, requests, 45_000);
      for (const [index, request] of requests.entries()) {
        const { machineId } = request;
        expect({ machineId, stage: finals[index].stage, lastError: finals[index].lastError }).toEqual({
          machineId,
          stage: 'Completed',
          lastError: undefined,
        });
        expect(stagesOf(finals[index])).toEqual(HAPPY_PATH);
        const failover = request.scenario === 'hyperv-to-azure' ? OP.plannedFailover : OP.unplannedFailover;
        expect(sideEffectCounts(asr, machineId)).toEqual({
          [OP.enable]: 1,
          [OP.testFailover]: 1,
          [OP.cleanup]: 1,
          [failover]: 1,
          [OP.complete]: 1,
        });
      }

      // Every call that got through had been refused once before: the storm reached every kind of call.
      const log = asr.requestLog();
      const key = (e: { method: string; path: string }) => `${e.method} ${e.path.toLowerCase()}`;
      const throttled = new Set(log.filter((e) => e.fault === 'throttled').map(key));
      const handledCalls = log.filter((e) => !e.fault);
      expect(handledCalls.filter((e) => !throttled.has(key(e)))).toEqual([]);
      const operations = new Set(handledCalls.map((e) => e.operation));
      for (const operation of [
        'RecoveryPoints_ListByReplicationProtectedItems',
        'ReplicationProtectedItems_Create',
        'ReplicationProtectedItems_TestFailover',
        'ReplicationProtectedItems_TestFailoverCleanup',
        'ReplicationProtectedItems_PlannedFailover',
        'ReplicationProtectedItems_UnplannedFailover',
        'ReplicationProtectedItems_Delete',
        'ReplicationProtectedItems_Get',
        'ReplicationJobs_Get',
        'ReplicationFabrics_Get',
      ]) {
        expect({ operation, seen: operations.has(operation) }).toEqual({ operation, seen: true });
      }
      // A throttled first poll of an operation leaves the adapter to follow the operation's ASR job instead.
      expect([...throttled].some((call) => call.includes('/replicationoperationstatus/'))).toBe(true);
    });
  });
});
