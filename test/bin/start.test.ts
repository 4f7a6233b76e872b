import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local-stack/free-port';
import { waitUntil } from '../support/polling';
import { canListen, killAllPrograms, startProgram, type Program } from '../support/program';

describe('npm start (bin/start.ts)', () => {
  let dataDir: string;
  let port: number;
  let uiPort: number;
  let emulatorPort: number;
  let apiPort: number;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-start-test-'));
    port = await freePort();
    uiPort = await freePort();
    emulatorPort = await freePort();
    apiPort = await freePort();
  });
  afterEach(() => {
    killAllPrograms();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(via: 'tsx' | 'node'): Program {
    const env = {
      SITESHIFT_DATA_DIR: dataDir,
      SITESHIFT_TEMPORAL_PORT: String(port),
      SITESHIFT_TEMPORAL_UI_PORT: String(uiPort),
      SITESHIFT_TASK_QUEUE: 'npm-start-test',
      SITESHIFT_EMULATOR_PORT: String(emulatorPort), // not 8443: another checkout's `npm start` may hold it
      SITESHIFT_API_PORT: String(apiPort),
    };
    return startProgram('start', env, via);
  }

  it('prints its addresses and stops cleanly on Ctrl-C, which reaches every process of the job', async () => {
    const stack = start('tsx');
    await stack.printed('Press Ctrl-C to stop.');
    expect(stack.output()).toContain(`Temporal gRPC   127.0.0.1:${port}`);
    expect(stack.output()).toContain(`Temporal UI     http://127.0.0.1:${uiPort}`);
    expect(stack.output()).toContain('Task queue      npm-start-test');
    expect(stack.output()).toContain(join(dataDir, 'temporal.db'));
    // The HTTP API runs beside the worker, with an admin token created on the first run.
    expect(stack.output()).toContain(`HTTP API        http://127.0.0.1:${apiPort}`);
    expect(stack.output()).toContain(`Console         http://127.0.0.1:${apiPort}/`);
    const token = /Admin token {5}(\S+)/.exec(stack.output())?.[1];
    expect(token).toMatch(/^sst_/);
    const listed = await fetch(`http://127.0.0.1:${apiPort}/v1/migrations`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);

    process.kill(-stack.child.pid!, 'SIGINT'); // what a terminal does on Ctrl-C
    expect(await stack.exited).toBe(0);
    expect(stack.output()).not.toContain('stopping immediately');
    await expect(canListen(port)).resolves.toBe(true);
    await expect(canListen(uiPort)).resolves.toBe(true);
    await expect(canListen(apiPort)).resolves.toBe(true);

    // The token is created and shown on the first run only; the console's address is printed every time.
    const again = start('tsx');
    await again.printed('Press Ctrl-C to stop.');
    expect(again.output()).toContain(`Console         http://127.0.0.1:${apiPort}/`);
    expect(again.output()).not.toContain('Admin token');
    expect(again.output()).not.toContain(token!);
    const stillValid = await fetch(`http://127.0.0.1:${apiPort}/v1/migrations`, { headers: { authorization: `Bearer ${token}` } });
    expect(stillValid.status).toBe(200);
    process.kill(-again.child.pid!, 'SIGINT');
    expect(await again.exited).toBe(0);
  }, 150_000);

  it('leaves no Temporal server behind even when killed outright', async () => {
    const stack = start('node');
    await stack.printed('Press Ctrl-C to stop.');

    stack.child.kill('SIGKILL');
    await stack.exited;
    await waitUntil(
      `port ${port} to be free`,
      () => canListen(port),
      (free) => free,
      20_000,
    );
    await expect(canListen(port)).resolves.toBe(true);
  }, 90_000);
});
