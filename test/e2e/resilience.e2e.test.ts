import type { WorkflowHandle } from '@temporalio/client';
import { MigrationClient } from '../../client';
import type { MigrationRequest } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import { e2eAdapter, e2eRequest, SIDE_EFFECT_OPERATIONS as OP, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { waitUntil } from '../support/polling';
import { completedAttemptOf } from '../support/activity-inspection';
import { withWorker } from '../support/temporal';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';

const emulators: E2eEmulator[] = [];
afterAll(() => Promise.all(emulators.map((e) => e.stop())));

async function emulatorWith(options: Parameters<typeof startE2eEmulator>[0]): Promise<E2eEmulator> {
  const emulator = await startE2eEmulator(options);
  emulators.push(emulator);
  return emulator;
}

/** Plays the operator: approves the test failover and the failover as soon as each is asked for. */
async function approveThroughToTheEnd(migrations: MigrationClient, machineId: string): Promise<MigrationStatus> {
  const reach = (stage: Stage) =>
    waitUntil(
      `${machineId} to reach ${stage}`,
      () => migrations.status(machineId),
      (s) => s.stage === stage || s.stage === 'Failed',
      45_000,
    );
  expect((await reach('AwaitingTestApproval')).stage).toBe('AwaitingTestApproval');
  await migrations.approveTestFailover(machineId, { by: 'alice' });
  expect((await reach('AwaitingFailoverApproval')).stage).toBe('AwaitingFailoverApproval');
  await migrations.approveFailover(machineId, { by: 'bob' });
  return migrations.waitForResult(machineId);
}

function expectEachSideEffectOnce(emulator: E2eEmulator, request: MigrationRequest): void {
  const failover = request.scenario === 'hyperv-to-azure' ? OP.plannedFailover : OP.unplannedFailover;
  expect(sideEffectCounts(emulator.current, request.machineId)).toEqual({
    [OP.enable]: 1,
    [OP.testFailover]: 1,
    [OP.cleanup]: 1,
    [failover]: 1,
    [OP.complete]: 1,
  });
}

describe('the migration rides out trouble on the ASR side', () => {
  it('a 429 storm on protected-item changes: throttled calls are retried after Retry-After, none applied twice', async () => {
    const emulator = await emulatorWith({
      faults: {
        seed: 7,
        // The next 6 changes are all refused, then about one in three: more than the SDK's own retries absorb.
        throttling: {
          nextRequests: 6,
          probability: 0.3,
          status: 429,
          retryAfterSeconds: 1,
          methods: ['PUT', 'POST'],
          pathContains: 'replicationProtectedItems',
        },
      },
    });
    const request = e2eRequest('physical-app');
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const { handle } = await migrations.startMigration(request);
      const final = await approveThroughToTheEnd(migrations, request.machineId);

      expect(final.stage).toBe('Completed');
      expect(stagesOf(final)).toEqual(HAPPY_PATH);
      const throttled = emulator.current.requestLog().filter((entry) => entry.fault === 'throttled');
      expect(throttled.length).toBeGreaterThanOrEqual(6);
      // The first enable was refused more often than the SDK retries (3), so the activity itself retried it.
      expect(await completedAttemptOf(handle, 'enableReplication')).toBeGreaterThanOrEqual(2);
      expect(throttled.every((entry) => entry.status === 429 && entry.operation === 'Emulator_Throttled')).toBe(true);
      expectEachSideEffectOnce(emulator, request);
    });
  });

  it('the emulator is stopped during the initial sync and restarted on the same port and state file: the migration continues', async () => {
    const emulator = await emulatorWith({});
    const request = e2eRequest('hyperv-site-sql');
    // One SDK retry only, so the outage reaches the sync check quickly instead of after the SDK's backoff.
    await withWorker({ siteRecovery: e2eAdapter(emulator.current, { maxRetries: 1 }) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const { handle } = await migrations.startMigration(request);

      const midSync = await waitUntil(
        `${request.machineId} to be part-way through its initial sync`,
        () => migrations.status(request.machineId),
        (s) => s.stage === 'InitialReplication' && s.replication.percent > 0,
      );
      expect(midSync.replication.percent).toBeLessThan(100);
      await emulator.stop();

      const failure = await waitUntil(
        'the sync check to fail against the stopped emulator',
        () => lastSyncCheckFailure(handle),
        (message) => /ECONNREFUSED|connect/i.test(message ?? ''),
      );
      expect(failure).toMatch(/ECONNREFUSED|connect/i);
      expect((await migrations.status(request.machineId)).stage).toBe('InitialReplication');

      await emulator.restart();
      const final = await approveThroughToTheEnd(migrations, request.machineId);

      expect(final.stage).toBe('Completed');
      expect(stagesOf(final)).toEqual(HAPPY_PATH);
      expect(final.replication.percent).toBe(100);
      // The request log persisted across the restart shows every side effect exactly once.
      expectEachSideEffectOnce(emulator, request);
      expect(emulator.current.state().items).toEqual({});
    });
  });
});

/** The message of the last failed attempt of the pending initial-sync check, as the server recorded it. */
async function lastSyncCheckFailure(handle: WorkflowHandle): Promise<string | undefined> {
  const { raw } = await handle.describe();
  const check = raw.pendingActivities?.find((a) => a.activityType?.name === 'checkInitialReplication');
  return check?.lastFailure?.message ?? undefined;
}
