import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitUntil } from '../support/polling';
import { canListen } from '../support/program';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The wave demo/wave.csv plans, in cutover order: group, machine, scenario, failover type. */
const MACHINES = [
  ['database', 'phy-file-01', 'physical-to-azure', 'unplanned'],
  ['application', 'hv-web-01', 'hyperv-to-azure', 'planned'],
  ['application', 'vmm-app-01', 'hyperv-to-azure', 'planned'],
  ['application', 'vmw-app-01', 'vmware-to-azure', 'unplanned'],
  ['application', 'aws-web-01', 'aws-to-azure', 'unplanned'],
  ['application', 'azvm-web-01', 'azure-to-azure', 'unplanned'],
] as const;

/** A stage duration in the final table: 12.3s or 1m05s. */
const DURATION = String.raw`(\d+\.\ds|\d+m\d\ds)`;

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

  it('plans the batch from demo/wave.csv, migrates it as a wave of two groups with the wave approved by two people, database tier first, and stops everything', async () => {
    const demo = runDemo(dataDir);
    const exitCode = await demo.exited;
    const output = demo.output();
    expect({ exitCode, tail: exitCode === 0 ? '' : output.slice(-3000) }).toEqual({ exitCode: 0, tail: '' });

    // Planned by `siteshift plan` from the CSV, against the demo's emulator.
    expect(output).toContain(`$ siteshift plan demo/wave.csv --defaults demo/plan-defaults.yaml -o ${join(dataDir, 'wave.json')}`);
    expect(output).toContain('Wave demo: 6 of 6 machines resolved.');
    expect(output).toMatch(
      /Started wave demo with WaveClient\.startWave as demo-starter, groups in cutover order:\n\s+1\. database: phy-file-01\n\s+2\. application: hv-web-01, vmm-app-01, vmw-app-01, aws-web-01, azvm-web-01/,
    );

    // The wave's two decisions, sent through the CLI by two people other than the starter, and recorded with their identities.
    expect(output).toContain('$ siteshift wave approve-test demo --by demo-tester --comment ');
    expect(output).toContain('approveWaveTest accepted for wave demo');
    expect(output).toContain('$ siteshift wave approve-cutover demo --by demo-approver --comment ');
    expect(output).toContain('approveWaveCutover accepted for wave demo');
    expect(output).toMatch(/\n {2}\S+ {2}approveWaveTest by demo-tester via update: accepted/);
    expect(output).toMatch(/\n {2}\S+ {2}approveWaveCutover by demo-approver via update: accepted/);

    const tableStart = output.search(/\nGROUP\s+MACHINE\s+SCENARIO/);
    expect(tableStart).toBeGreaterThan(-1);
    const tableLines = output.slice(tableStart + 1).split('\n');
    expect(tableLines[0]).toMatch(/^GROUP\s+MACHINE\s+SCENARIO\s+FAILOVER\s+PREFLIGHT\s+ENABLE\s+SYNC\s+.*TOTAL\s+FINAL STAGE$/);
    for (const [group, machineId, scenario, failover] of MACHINES) {
      const row = tableLines.find((line) => line.startsWith(`${group} `) && line.includes(` ${machineId} `));
      // group, machine, scenario, failover type, nine stage durations, total, final stage
      expect(row).toMatch(new RegExp(`^${group}\\s+${machineId}\\s+${scenario}\\s+${failover}(\\s+${DURATION}){10}\\s+Completed$`));
      // Each machine got the wave's decisions as its own, from the same two people.
      expect(output).toMatch(new RegExp(`\\n {2}${machineId}: approveTestFailover by demo-tester, approveFailover by demo-approver\\n`));
    }
    expect(output).toContain('Relayed to each machine (started by demo-starter; four-eyes on):');

    // Group 2's failovers began only after every machine of group 1 had completed (from the machines' stage times).
    expect(output).toMatch(/\n1\. database\s+1\s+\+\S+\s+\+\S+\s+-\n2\. application\s+5\s+\+\S+\s+\+\S+\s+yes \(\S+ later\)\n/);

    // Live progress: the longest sync (200 GB) is reported as it moves, and the groups as they cut over in turn.
    for (const percent of [25, 50, 75]) expect(output).toMatch(new RegExp(`\\] phy-file-01\\s+InitialReplication ${percent}%`));
    const progress = (subject: string, state: string) => output.search(new RegExp(`\\] ${subject}\\s+${state}\\b`));
    expect(progress('wave demo', 'AwaitingWaveTestApproval')).toBeGreaterThan(-1);
    expect(progress('group 1 database', 'Completed')).toBeGreaterThan(-1);
    expect(progress('group 2 application', 'InProgress')).toBeGreaterThan(progress('group 1 database', 'Completed'));
    expect(output).toContain('demo: wave demo Completed: all 6 machines, group by group.');
    await expectNothingLeftRunning(output);
  }, 240_000);

  it('stops the dev server, emulator and worker on Ctrl-C in the middle of the wave and exits 130', async () => {
    const demo = runDemo(dataDir);
    await waitUntil(
      () => `'Started wave demo' in the output so far:\n${demo.output()}`,
      () => demo.output().includes('Started wave demo'),
      (started) => started,
      120_000,
    );
    demo.interrupt();
    expect(await demo.exited).toBe(130);
    expect(demo.output()).toContain('demo: SIGINT received, stopping everything');
    expect(demo.output()).not.toContain('FINAL STAGE');
    await expectNothingLeftRunning(demo.output());
  }, 180_000);

  it('fails with a clear message, exit 1, and still stops everything when the wave does not finish in time', async () => {
    const demo = runDemo(dataDir, { SITESHIFT_DEMO_TIMEOUT_SECONDS: '3' });
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toMatch(/demo FAILED: timed out after 3s; wave demo \w+, machines: phy-file-01 \(\w+\), hv-web-01 \(\w+\)/);
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
