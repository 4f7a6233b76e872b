import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitUntil } from '../support/polling';
import { canListen } from '../support/program';

const REPO_ROOT = resolve(__dirname, '..', '..');

const MACHINES = [
  ['hv-web-01', 'hyperv-to-azure', 'planned'],
  ['vmm-app-01', 'hyperv-to-azure', 'planned'],
  ['vmw-app-01', 'vmware-to-azure', 'unplanned'],
  ['phy-file-01', 'physical-to-azure', 'unplanned'],
  ['aws-web-01', 'aws-to-azure', 'unplanned'],
  ['azvm-web-01', 'azure-to-azure', 'unplanned'],
] as const;

interface DemoRun {
  output: () => string;
  exited: Promise<number | null>;
  interrupt(): void;
}

/** The demo as a user runs it, in a data folder of its own so it never touches a developer's .data/demo. */
function runDemo(dataDir: string, env: NodeJS.ProcessEnv = {}): DemoRun {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/demo.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SITESHIFT_DEMO_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { output: () => output, exited, interrupt: () => child.kill('SIGINT') };
}

/** What the demo says it started: the dev server's supervising process (group leader) and the ports. */
function startedProcesses(output: string): { serverPid: number; temporalPort: number; emulatorPort: number } {
  const server = /Temporal dev server pid (\d+), gRPC 127\.0\.0\.1:(\d+)/.exec(output);
  const emulator = /ASR emulator https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
  if (!server || !emulator) throw new Error(`the demo did not print its processes:\n${output}`);
  return { serverPid: Number(server[1]), temporalPort: Number(server[2]), emulatorPort: Number(emulator[1]) };
}

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectNothingLeftRunning(output: string): Promise<void> {
  const { serverPid, temporalPort, emulatorPort } = startedProcesses(output);
  expect(processGroupAlive(serverPid)).toBe(false);
  await expect(canListen(temporalPort)).resolves.toBe(true);
  await expect(canListen(emulatorPort)).resolves.toBe(true);
}

describe('npm run demo (bin/demo.ts)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-demo-test-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates one machine of each scenario to Completed with the operator approving through the CLI, and stops everything', async () => {
    const demo = runDemo(dataDir);
    const exitCode = await demo.exited;
    const output = demo.output();
    expect({ exitCode, tail: exitCode === 0 ? '' : output.slice(-3000) }).toEqual({ exitCode: 0, tail: '' });

    const tableStart = output.lastIndexOf('MACHINE      SCENARIO');
    expect(tableStart).toBeGreaterThan(-1);
    const tableLines = output.slice(tableStart).split('\n');
    expect(tableLines[0]).toMatch(/^MACHINE\s+SCENARIO\s+FAILOVER\s+PREFLIGHT\s+ENABLE\s+SYNC\s+.*TOTAL\s+FINAL STAGE$/);
    for (const [machineId, scenario, failover] of MACHINES) {
      const row = tableLines.find((line) => line.startsWith(`${machineId} `));
      // machine, scenario, failover type, nine stage durations, total, final stage
      expect(row).toMatch(new RegExp(`^${machineId}\\s+${scenario}\\s+${failover}(\\s+\\d+(\\.\\d)?s){10}\\s+Completed$`));
      expect(output).toContain(`$ siteshift approve-test ${machineId} --by demo-tester --comment `);
      expect(output).toContain(`approveTestFailover accepted for ${machineId}`);
      expect(output).toContain(`$ siteshift approve-failover ${machineId} --by demo-approver --comment `);
      expect(output).toContain(`approveFailover accepted for ${machineId}`);
    }
    // Live progress: the longest sync (200 GB) is reported as it moves, not only when it ends.
    for (const percent of [25, 50, 75]) expect(output).toMatch(new RegExp(`\\] phy-file-01\\s+InitialReplication ${percent}%`));
    expect(output).toContain('demo: all 6 machines reached Completed.');
    await expectNothingLeftRunning(output);
  }, 240_000);

  it('stops the dev server, emulator and worker on Ctrl-C in the middle of the batch and exits 130', async () => {
    const demo = runDemo(dataDir);
    await waitUntil(
      () => `'Started 6 migrations' in the output so far:\n${demo.output()}`,
      () => demo.output().includes('Started 6 migrations'),
      (started) => started,
      120_000,
    );
    demo.interrupt();
    expect(await demo.exited).toBe(130);
    expect(demo.output()).toContain('demo: SIGINT received, stopping everything');
    expect(demo.output()).not.toContain('FINAL STAGE');
    await expectNothingLeftRunning(demo.output());
  }, 180_000);

  it('fails with a clear message, exit 1, and still stops everything when the batch does not finish in time', async () => {
    const demo = runDemo(dataDir, { SITESHIFT_DEMO_TIMEOUT_SECONDS: '3' });
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toMatch(/demo FAILED: timed out after 3s; still running: hv-web-01 \(\w+\), vmm-app-01/);
    expect(demo.output()).toContain('demo: stopped Temporal dev server');
    await expectNothingLeftRunning(demo.output());
  }, 180_000);

  it('refuses to wipe a data folder holding files it did not create', async () => {
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    const demo = runDemo(dataDir);
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toContain(`demo FAILED: Refusing to wipe ${dataDir}: it holds files the demo did not create (notes.txt)`);
    expect(existsSync(join(dataDir, 'notes.txt'))).toBe(true);
  }, 60_000);
});
