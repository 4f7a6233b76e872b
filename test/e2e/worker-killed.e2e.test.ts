import { MigrationClient } from '../../client';
import type { MigrationRequest } from '../../common/migration-request';
import type { Stage } from '../../common/stages';
import { JOB_DURATION_SECONDS, type RunningEmulator } from '../../emulator';
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
import { completedAttemptOf, heartbeatedToken } from '../support/activity-inspection';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';
import { e2eWorkerEnv, killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { OPERATION_HEARTBEAT_TIMEOUT_MS } from '../../workflows/activity-stubs';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';

/** Long enough that nothing slowed down ends by itself during the test; the test moves the emulator's clock instead. */
const SLOW_FACTOR = 100_000;

let emulator: E2eEmulator;
let temporal: TestConnection;
afterAll(async () => {
  await killAllWorkerProcesses();
  await temporal?.close();
  await emulator?.stop();
});

/** One machine is enabling, one failing over (planned, Hyper-V), one completing its migration when the worker dies. */
const enabling = e2eRequest('aws');
const failingOver = e2eRequest('hyperv-site');
const completing = e2eRequest('azure');

function submitted(asr: RunningEmulator, request: MigrationRequest, operation: string): boolean {
  return (sideEffectCounts(asr, request.machineId)[operation] ?? 0) > 0;
}

describe('a worker killed while enable, failover and complete are in flight', () => {
  it(
    'the next worker resumes each submitted operation from its heartbeat: every side effect happens exactly once',
    async () => {
      temporal = await testConnection();
      emulator = await startE2eEmulator({
        faults: {
          slowOperations: [
            { item: enabling.machineId, scenario: 'EnableDr', factor: SLOW_FACTOR },
            { item: failingOver.machineId, scenario: 'PlannedFailover', factor: SLOW_FACTOR },
            { item: completing.machineId, scenario: 'DisableDr', factor: SLOW_FACTOR },
          ],
        },
      });
      const asr = emulator.current;
      const taskQueue = uniqueTaskQueue('e2e-kill');
      const migrations = new MigrationClient(temporal.client, taskQueue);
      // After the kill, a wait covers the operations' heartbeat timeout and the dead worker's sticky queue timeout (10 s).
      const afterKillMs = OPERATION_HEARTBEAT_TIMEOUT_MS + 30_000;
      const reach = (machineId: string, stage: Stage, timeoutMs = 30_000) =>
        waitUntil(
          `${machineId} to reach ${stage}`,
          () => migrations.status(machineId),
          (s) => s.stage === stage || s.stage === 'Failed',
          timeoutMs,
        );

      let worker: WorkerProcess = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
      const machines = [enabling, failingOver, completing];
      const handles = new Map(
        await Promise.all(machines.map(async (r) => [r.machineId, (await migrations.startMigration(r)).handle] as const)),
      );

      // The operator lets two machines through to cutover; the third is still enabling replication.
      await Promise.all(
        [failingOver, completing].map(async ({ machineId }) => {
          await reach(machineId, 'AwaitingTestApproval');
          await migrations.approveTestFailover(machineId, { by: 'alice' });
          await reach(machineId, 'AwaitingFailoverApproval');
          await migrations.approveFailover(machineId, { by: 'bob' });
        }),
      );
      const inFlight = [
        { request: enabling, operation: OP.enable, activity: 'enableReplication', stage: 'EnablingReplication' },
        { request: failingOver, operation: OP.plannedFailover, activity: 'failOver', stage: 'FailingOver' },
        { request: completing, operation: OP.complete, activity: 'completeMigration', stage: 'CompletingMigration' },
      ] as const;
      for (const { request, operation, activity, stage } of inFlight) {
        await waitUntil(`${request.machineId}: ${operation} submitted`, () => submitted(asr, request, operation), Boolean);
        expect((await migrations.status(request.machineId)).stage).toBe(stage);
        // The token is the attempt's first heartbeat: the server has it as soon as the submission was accepted.
        await waitUntil(
          `${request.machineId}: ${activity} heartbeat with its resume token`,
          () => heartbeatedToken(handles.get(request.machineId)!, activity),
          Boolean,
        );
      }

      await worker.kill();
      const killedAt = asr.requestLog().at(-1)!.seq;
      // While no worker runs, the three ASR jobs finish.
      asr.advanceClock(Math.max(...Object.values(JOB_DURATION_SECONDS)) * SLOW_FACTOR);

      worker = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
      try {
        await reach(enabling.machineId, 'AwaitingTestApproval', afterKillMs);
        await migrations.approveTestFailover(enabling.machineId, { by: 'alice' });
        await reach(enabling.machineId, 'AwaitingFailoverApproval');
        await migrations.approveFailover(enabling.machineId, { by: 'bob' });

        for (const { request, activity, operation } of inFlight) {
          const final = await migrations.waitForResult(request.machineId);
          expect({ machineId: request.machineId, stage: final.stage, lastError: final.lastError }).toEqual({
            machineId: request.machineId,
            stage: 'Completed',
            lastError: undefined,
          });
          expect(stagesOf(final)).toEqual(HAPPY_PATH);
          // The interrupted activity was finished by a later attempt, on the new worker...
          expect(await completedAttemptOf(handles.get(request.machineId)!, activity)).toBeGreaterThanOrEqual(2);
          // ...which followed the operation already submitted (its first request polls that operation)...
          const [submission] = sideEffectsOf(asr, request.machineId).filter((entry) => entry.operation === operation);
          expect(requestsAbout(asr, request.machineId, submission.jobName!, killedAt)[0]).toMatchObject({
            operation: 'ReplicationOperationStatus_Get',
            path: expect.stringMatching(new RegExp(`/replicationOperationStatus/${submission.jobName}$`, 'i')),
          });
          // ...instead of submitting it again.
          const failover = request.scenario === 'hyperv-to-azure' ? OP.plannedFailover : OP.unplannedFailover;
          expect(sideEffectCounts(asr, request.machineId)).toEqual({
            [OP.enable]: 1,
            [OP.testFailover]: 1,
            [OP.cleanup]: 1,
            [failover]: 1,
            [OP.complete]: 1,
          });
        }
        expect(asr.state().items).toEqual({});
      } finally {
        await worker.stop();
      }
    },
    90_000 + OPERATION_HEARTBEAT_TIMEOUT_MS,
  );
});
