import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../local-stack/free-port';
import { canListen, until } from '../support/program';

const REPO_ROOT = resolve(__dirname, '..', '..');

describe('npm start (bin/start.ts)', () => {
  let dataDir: string;
  let port: number;
  let uiPort: number;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-start-test-'));
    port = await freePort();
    uiPort = await freePort();
  });
  afterEach(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(command: string, args: string[]): { output: () => string; exited: Promise<number | null> } {
    let output = '';
    child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SITESHIFT_DATA_DIR: dataDir,
        SITESHIFT_TEMPORAL_PORT: String(port),
        SITESHIFT_TEMPORAL_UI_PORT: String(uiPort),
        SITESHIFT_TASK_QUEUE: 'npm-start-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, like a shell job
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolveExit) => child!.on('exit', (code) => resolveExit(code)));
    return { output: () => output, exited };
  }

  it('prints its addresses and stops cleanly on Ctrl-C, which reaches every process of the job', async () => {
    const stack = start(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['bin/start.ts']);
    await until(() => stack.output().includes('Press Ctrl-C to stop.'), 60_000, stack.output);
    expect(stack.output()).toContain(`Temporal gRPC   127.0.0.1:${port}`);
    expect(stack.output()).toContain(`Temporal UI     http://127.0.0.1:${uiPort}`);
    expect(stack.output()).toContain('Task queue      npm-start-test');
    expect(stack.output()).toContain(join(dataDir, 'temporal.db'));

    process.kill(-child!.pid!, 'SIGINT'); // what a terminal does on Ctrl-C
    expect(await stack.exited).toBe(0);
    expect(stack.output()).not.toContain('stopping immediately');
    await expect(canListen(port)).resolves.toBe(true);
    await expect(canListen(uiPort)).resolves.toBe(true);
  }, 90_000);

  it('leaves no Temporal server behind even when killed outright', async () => {
    const stack = start(process.execPath, ['--import', 'tsx', 'bin/start.ts']);
    await until(() => stack.output().includes('Press Ctrl-C to stop.'), 60_000, stack.output);

    child!.kill('SIGKILL');
    await stack.exited;
    const deadline = Date.now() + 20_000;
    while (!(await canListen(port)) && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 200));
    await expect(canListen(port)).resolves.toBe(true);
  }, 90_000);
});
