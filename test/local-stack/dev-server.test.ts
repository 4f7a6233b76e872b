import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { devServerSettingsFromEnv } from '../../config/local-stack';
import { devServerOptions, startDevServer, type DevServerHandle, type DevServerOptions } from '../../local-stack/dev-server';
import { freePort } from '../../local-stack/free-port';
import { canListen } from '../support/program';

describe('the embedded dev server (npm start)', () => {
  let dataDir: string;
  let options: DevServerOptions;
  const started: DevServerHandle[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-dev-server-test-'));
    options = {
      ...devServerOptions(devServerSettingsFromEnv({ SITESHIFT_DATA_DIR: dataDir })),
      port: await freePort(),
      uiPort: await freePort(),
      echoOutput: false,
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<DevServerHandle> {
    const server = await startDevServer(options);
    started.push(server);
    return server;
  }

  it('keeps workflows in its SQLite file across a restart, with search attributes and UI, and leaves no process behind', async () => {
    const first = await start();
    expect(first.dbFile).toBe(join(dataDir, 'temporal.db'));
    expect(first.address).toBe(`127.0.0.1:${options.port}`);
    const workflowId = `persisted-${randomUUID()}`;
    await withClient(first.address, (client) => client.workflow.start('notRunByAnyWorker', { taskQueue: 'nobody-polls-this', workflowId }));
    await expect(fetch(first.uiUrl)).resolves.toHaveProperty('ok', true);

    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    await expect(canListen(options.port)).resolves.toBe(true);

    const second = await start();
    const described = await withClient(second.address, async (client) => {
      const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).toEqual(
        expect.arrayContaining(['MigrationStage', 'SourcePlatform', 'MigrationWave', 'WaveStage']),
      );
      return client.workflow.getHandle(workflowId).describe();
    });
    expect(described.status.name).toBe('RUNNING');
    await second.stop();
    expect(isAlive(second.pid)).toBe(false);
    await expect(canListen(options.port)).resolves.toBe(true);
  }, 90_000);

  it('refuses to start on a port that is taken, naming the setting to change', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startDevServer({ ...options, port })).rejects.toThrow(`127.0.0.1:${port} is already in use`);
      await expect(startDevServer({ ...options, port })).rejects.toThrow('SITESHIFT_TEMPORAL_PORT');
    } finally {
      blocker.close();
    }
  });
});

async function withClient<T>(address: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
