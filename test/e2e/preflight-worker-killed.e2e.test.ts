import { temporal as proto } from '@temporalio/proto';
import { MigrationClient } from '../../client';
import { lastAttemptOf } from '../support/activity-inspection';
import { e2eRequest, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';
import { e2eWorkerEnv, killAllWorkerProcesses, startWorkerProcess } from '../support/worker-process';

let emulator: E2eEmulator;
let temporal: TestConnection;
afterAll(async () => {
  await killAllWorkerProcesses();
  await temporal?.close();
  await emulator?.stop();
});

const request = e2eRequest('vmware');

describe('a worker killed during preflight', () => {
  it('loses its attempt to the heartbeat timeout, and the next worker runs preflight again', async () => {
    temporal = await testConnection();
    // ASR answers preflight's first read with a 429 asking to retry in ten minutes: the attempt is caught in the middle.
    emulator = await startE2eEmulator({
      faults: {
        throttling: { nextRequests: 1, status: 429, retryAfterSeconds: 600, methods: ['GET'], pathContains: '/replicationFabrics' },
      },
    });
    const asr = emulator.current;
    const taskQueue = uniqueTaskQueue('e2e-kill-preflight');
    const migrations = new MigrationClient(temporal.client, taskQueue);
    const { handle } = await migrations.startMigration(request);

    const first = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
    await waitUntil(
      'preflight to be throttled',
      () => asr.requestLog().filter((entry) => entry.fault === 'throttled').length,
      (n) => n === 1,
    );
    await first.kill();

    const second = await startWorkerProcess(e2eWorkerEnv(asr, taskQueue));
    try {
      // The lost attempt is retried once its heartbeat times out; without a heartbeat it would wait out its 2-minute start-to-close timeout.
      const started = await waitUntil(
        'preflight to complete on the next worker',
        () => lastAttemptOf(handle, 'preflight'),
        (event) => event !== undefined,
        60_000,
      );
      expect(started?.attempt).toBe(2);
      expect(started?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(proto.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
      await handle.terminate('test done');
    } finally {
      await second.stop();
    }
  }, 90_000);
});
