import { MigrationClient } from '../../client';
import { JOB_DURATION_SECONDS } from '../../emulator';
import { completedAttemptOf, heartbeatedToken } from '../support/activity-inspection';
import {
  e2eRequest,
  SIDE_EFFECT_OPERATIONS as OP,
  requestsAbout,
  sideEffectCounts,
  sideEffectsOf,
  startE2eEmulator,
  type E2eEmulator,
} from '../support/e2e';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';
import { e2eWorkerEnv, killAllWorkerProcesses, startWorkerProcess } from '../support/worker-process';
import { OPERATION_HEARTBEAT_TIMEOUT_MS } from '../../workflows/activity-stubs';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';

const SLOW_FACTOR = 100_000;

let emulator: E2eEmulator;
let temporal: TestConnection;
afterAll(async () => {
  await killAllWorkerProcesses();
  await temporal?.close();
  await emulator?.stop();
});

const request = e2eRequest('vmware');

// The token is heartbeated as soon as the submission is answered, so a worker can no longer be killed in between
// on purpose; a submission carried out whose answer never arrives leaves the next attempt with no token just
// the same (the worker that submitted it is the one killed).
describe('a failover submitted without its answer reaching the worker, so no heartbeat carried its resume token', () => {
  it(
    'the next worker finds the failover ASR is already running, waits for it and does not fail over twice',
    async () => {
      temporal = await testConnection();
      emulator = await startE2eEmulator({
        faults: {
          slowOperations: [{ item: request.machineId, scenario: 'UnplannedFailover', factor: SLOW_FACTOR }],
          droppedResponses: [{ operation: OP.unplannedFailover, item: request.machineId, as: 'reset' }],
        },
      });
      const asr = emulator.current;
      const taskQueue = uniqueTaskQueue('e2e-kill-early');
      const migrations = new MigrationClient(temporal.client, taskQueue);
      const { machineId } = request;
      const { handle } = await migrations.startMigration(request);

      const first = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
      await waitUntil(
        `${machineId} to await test approval`,
        () => migrations.status(machineId),
        (s) => s.stage === 'AwaitingTestApproval',
      );
      await migrations.approveTestFailover(machineId, { by: 'alice' });
      await waitUntil(
        `${machineId} to await failover approval`,
        () => migrations.status(machineId),
        (s) => s.stage === 'AwaitingFailoverApproval',
      );
      await migrations.approveFailover(machineId, { by: 'bob' });

      await waitUntil(
        `${machineId}: failover submitted`,
        () => sideEffectCounts(asr, machineId)[OP.unplannedFailover] ?? 0,
        (n) => n > 0,
      );
      // The answer was lost: no heartbeat carries a token, so a retry gets none.
      expect(await heartbeatedToken(handle, 'failOver')).toBeUndefined();
      await first.kill();
      const killedAt = asr.requestLog().at(-1)!.seq;
      asr.advanceClock(JOB_DURATION_SECONDS.UnplannedFailover * SLOW_FACTOR);

      const second = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
      try {
        const final = await migrations.waitForResult(machineId);
        expect({ stage: final.stage, lastError: final.lastError }).toEqual({ stage: 'Completed', lastError: undefined });
        expect(stagesOf(final)).toEqual(HAPPY_PATH);
        expect(final.resources.targetVmId?.toLowerCase()).toBe(
          `${request.target.resourceGroupId}/providers/Microsoft.Compute/virtualMachines/${request.target.vmName}`.toLowerCase(),
        );
        expect(await completedAttemptOf(handle, 'failOver')).toBeGreaterThanOrEqual(2);
        // With no token, the retry first reads the item (ASR shows the failover running on it) instead of submitting.
        const [submission] = sideEffectsOf(asr, machineId).filter((entry) => entry.operation === OP.unplannedFailover);
        expect(requestsAbout(asr, machineId, submission.jobName!, killedAt)[0]).toMatchObject({
          operation: 'ReplicationProtectedItems_Get',
        });
        expect(sideEffectCounts(asr, machineId)).toEqual({
          [OP.enable]: 1,
          [OP.testFailover]: 1,
          [OP.cleanup]: 1,
          [OP.unplannedFailover]: 1,
          [OP.complete]: 1,
        });
      } finally {
        await second.stop();
      }
    },
    90_000 + OPERATION_HEARTBEAT_TIMEOUT_MS,
  );
});
