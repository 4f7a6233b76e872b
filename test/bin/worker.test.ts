import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { MigrationClient } from '../../client';
import { CONNECT_EXIT } from '../../config/wait-for-temporal';
import { startDevServer, type DevServerHandle } from '../../local-stack/dev-server';
import { freePort } from '../../local-stack/free-port';
import { e2eRequest, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { waitUntil } from '../support/polling';
import { killAllPrograms, startProgram } from '../support/program';
import { TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { uniqueTaskQueue } from '../support/temporal';
import { e2eWorkerEnv } from '../support/worker-process';

/** `npm run worker` pointed at 127.0.0.1:<port>, the adapter at the emulator. */
function workerEnv(emulator: E2eEmulator, address: string, taskQueue = uniqueTaskQueue('worker-wait')): Record<string, string> {
  return { ...e2eWorkerEnv(emulator.current, taskQueue), TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' };
}

const waitingLine = (address: string) => `siteshift worker: waiting for Temporal at ${address}`;

describe('npm run worker (bin/worker.ts) started while Temporal is down', () => {
  let emulator: E2eEmulator;
  let dataDir: string;
  let server: DevServerHandle | undefined;
  beforeAll(async () => {
    emulator = await startE2eEmulator();
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-worker-wait-'));
  });
  afterEach(() => killAllPrograms());
  afterAll(async () => {
    await server?.stop();
    await emulator?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits for the server, connects once it comes up on the same port, and a migration completes', async () => {
    const [port, uiPort] = [await freePort(), await freePort()];
    const address = `127.0.0.1:${port}`;
    const taskQueue = uniqueTaskQueue('worker-wait');
    const worker = startProgram('worker', workerEnv(emulator, address, taskQueue), 'tsx');
    // At least two attempts logged: it is really waiting, not failing.
    await worker.printed(waitingLine(address), 60_000, 2);
    expect(worker.output()).toMatch(
      /Connection refused.*; attempt 1, next in [\d.]+ s, waiting until it answers \(SITESHIFT_TEMPORAL_WAIT_SECONDS limits the wait\)\. Another server: TEMPORAL_ADDRESS/,
    );

    server = await startDevServer({
      dataDir,
      ip: '127.0.0.1',
      port,
      uiPort,
      namespace: 'default',
      startTimeoutMs: 60_000,
      echoOutput: false,
    });
    await worker.printed(`siteshift worker: task queue ${taskQueue} on ${address}`, 90_000);

    const connection = await Connection.connect({ address });
    try {
      const migrations = new MigrationClient(new Client({ connection }), taskQueue);
      const { machineId } = await migrations.startMigration(e2eRequest('azure'));
      const reach = (stage: string) =>
        waitUntil(
          `${machineId} to reach ${stage}`,
          () => migrations.status(machineId),
          (s) => s.stage === stage || s.stage === 'Failed',
        );
      expect((await reach('AwaitingTestApproval')).stage).toBe('AwaitingTestApproval');
      await migrations.approveTestFailover(machineId, { by: 'alice' });
      expect((await reach('AwaitingFailoverApproval')).stage).toBe('AwaitingFailoverApproval');
      await migrations.approveFailover(machineId, { by: 'bob' });
      expect((await migrations.waitForResult(machineId)).stage).toBe('Completed');
    } finally {
      await connection.close();
    }

    process.kill(worker.child.pid!, 'SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 180_000);

  it('stops at once on SIGTERM during the wait, leaving nothing running', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const worker = startProgram('worker', workerEnv(emulator, address), 'tsx');
    await worker.printed(waitingLine(address));

    process.kill(worker.child.pid!, 'SIGTERM'); // as a supervisor does: to the program, not its group
    expect(await worker.exited).toBe(130);
    expect(worker.output()).toContain('siteshift worker: SIGTERM received, stopping.');
    await waitUntil(
      'every process of the worker group to exit',
      () => !worker.groupAlive(),
      (gone) => gone,
      10_000,
    );
  });

  it('gives up after SITESHIFT_TEMPORAL_WAIT_SECONDS with its own exit code and the setting to change', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const worker = startProgram('worker', { ...workerEnv(emulator, address), SITESHIFT_TEMPORAL_WAIT_SECONDS: '1' });
    expect(await worker.exited).toBe(CONNECT_EXIT.unreachable);
    expect(worker.output()).toMatch(
      new RegExp(
        `Temporal at ${address} .* did not answer within 1\\.\\d s .*Connection refused.*\\nStart it, set SITESHIFT_TEMPORAL_WAIT_SECONDS`,
      ),
    );
  });

  it('stops at start on an invalid setting, naming it, before waiting for Temporal', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const badWait = startProgram('worker', { ...workerEnv(emulator, address), SITESHIFT_TEMPORAL_WAIT_SECONDS: 'soon' });
    const badPoll = startProgram('worker', { ...workerEnv(emulator, address), SITESHIFT_ASR_POLL_INTERVAL_MS: 'often' });
    const badSlots = startProgram('worker', { ...workerEnv(emulator, address), SITESHIFT_WORKER_ACTIVITY_SLOTS: '0' });
    expect(await badWait.exited).toBe(CONNECT_EXIT.misconfigured);
    expect(badWait.output()).toContain(
      "SITESHIFT_TEMPORAL_WAIT_SECONDS must be a number of seconds (0: do not wait) or 'forever', got 'soon'.",
    );
    expect(await badPoll.exited).toBe(CONNECT_EXIT.misconfigured);
    expect(badPoll.output()).toContain('SITESHIFT_ASR_POLL_INTERVAL_MS');
    expect(await badSlots.exited).toBe(CONNECT_EXIT.misconfigured);
    expect(badSlots.output()).toContain("SITESHIFT_WORKER_ACTIVITY_SLOTS must be a whole number of at least 1, got '0'.");
    for (const worker of [badWait, badPoll, badSlots]) expect(worker.output()).not.toContain('waiting for Temporal');
  });

  it('fails at once, without waiting, when the host name does not resolve', async () => {
    const worker = startProgram('worker', workerEnv(emulator, 'no-such-host.invalid:7233'));
    expect(await worker.exited).toBe(CONNECT_EXIT.misconfigured);
    expect(worker.output()).toContain(
      'Cannot connect to Temporal at no-such-host.invalid:7233 (namespace default, plaintext): the host name does not resolve',
    );
    expect(worker.output()).toContain('failed to lookup address information');
    expect(worker.output()).not.toContain('waiting for Temporal');
  });

  it('fails at once when the server refuses the credentials: an API key (TLS) against a plaintext server', async () => {
    const address = process.env[TEST_TEMPORAL_ADDRESS_VAR]!;
    const worker = startProgram('worker', { ...workerEnv(emulator, address), TEMPORAL_API_KEY: 'not-for-this-server' });
    expect(await worker.exited).toBe(CONNECT_EXIT.misconfigured);
    expect(worker.output()).toContain(
      `Cannot connect to Temporal at ${address} (namespace default, TLS + API key): the TLS handshake failed`,
    );
    expect(worker.output()).toContain('Check TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY');
    expect(worker.output()).not.toContain('not-for-this-server');
    expect(worker.output()).not.toContain('waiting for Temporal');
  });
});
