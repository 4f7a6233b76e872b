import { version as packageVersion } from '../../package.json';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestFor } from '../support/requests';
import { runCliInProcess } from '../support/run-cli-in-process';
import { EXIT } from '../../cli/exit-codes';

/** Nothing listens on port 1, and no wait: a command that got as far as connecting fails at once with 75, not 2 or 3. */
const NO_TEMPORAL = {
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  TEMPORAL_PROFILE: undefined,
  TEMPORAL_CONFIG_FILE: undefined,
  SITESHIFT_TEMPORAL_WAIT_SECONDS: '0',
};
const run = (args: string[], stdin?: string) => runCliInProcess(args, { env: NO_TEMPORAL, stdin });

const workDir = mkdtempSync(join(tmpdir(), 'siteshift-cli-'));
function file(name: string, content: string): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

describe('siteshift CLI argument handling (no Temporal needed)', () => {
  it('prints help and exits 0 for --help, but exits 2 when called with no command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'status', 'list', 'approve-test', 'retest', 'approve-failover', 'abort', 'watch']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: siteshift <command>/);
  });

  it('names an unknown command and lists the real ones', async () => {
    const result = await run(['aprove-test', 'web-01']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "aprove-test"');
    expect(result.stderr).toContain('approve-test');
  });

  it('rejects an unknown option and a missing machine id', async () => {
    const unknown = await run(['status', 'web-01', '--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/status: Unknown option '--verbose'/);
    const missing = await run(['status']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('status: missing <machineId>');
  });

  it('requires --by on every decision and --reason on abort', async () => {
    for (const command of ['approve-test', 'retest', 'approve-failover']) {
      const result = await run([command, 'web-01']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${command}: --by is required`);
    }
    const abort = await run(['abort', 'web-01', '--by', 'ana']);
    expect(abort.code).toBe(2);
    expect(abort.stderr).toContain('abort: --reason is required');
  });

  it('validates decision values and names the option to fix, as JSON with --json', async () => {
    const result = await run(['approve-failover', 'web-01', '--by', 'ana', '--not-before', 'tonight', '--json']);
    expect(result.code).toBe(3);
    const { error } = JSON.parse(result.stderr);
    expect(error.code).toBe('InvalidDecisionError');
    expect(error.details).toEqual([{ path: '--not-before', message: expect.stringMatching(/ISO 8601/) }]);
  });

  it('rejects an unknown --stage with the list of stages', async () => {
    const result = await run(['list', '--stage', 'Waiting']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stage must be one of Preflight, EnablingReplication');
  });

  it('reports invalid JSON with the file path, line and column', async () => {
    const path = file('broken.json', '{\n  "machineId": "web-01",\n  "scenario" "hyperv-to-azure"\n}');
    const result = await run(['start', path]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Invalid JSON in ${path}:3:14`);
  });

  it('reports a missing file and empty stdin', async () => {
    const missing = await run(['start', join(workDir, 'nope.json')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.json: no such file');
    const empty = await run(['start', '-'], '');
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('stdin is empty');
  });

  it('says there was nothing to start for an empty array, exits 3 and never connects', async () => {
    for (const input of ['[]', ' [ ]\n']) {
      const result = await run(['start', '-'], input);
      expect(result).toMatchObject({ code: 3, stdout: '', connects: 0 });
      expect(result.stderr).toBe(
        'siteshift: Nothing to start: stdin holds an empty array; give one migration request or an array of at least one\n',
      );
    }
    const asJson = await run(['start', file('empty.json', '[]'), '--json']);
    expect(asJson.code).toBe(3);
    expect(JSON.parse(asJson.stderr).error.code).toBe('NothingToStartError');
  });

  it('prints the version and generated help for each command', async () => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
    const help = await run(['help', 'abort']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: siteshift abort \[options\] <machineId>/);
    expect(help.stdout).toMatch(/--reason <text>\s+why the migration is aborted \(required\)/);
    const flag = await run(['approve-failover', '--help']);
    expect(flag.stdout).toMatch(/--not-before <iso>/);
  });

  it("takes a command's option value that looks like the program's own -V or --version as that value (found by arguments.property)", async () => {
    for (const value of ['-V', '-V-V', '--version']) {
      const result = await run(['list', '--stage', value]);
      expect(result).toMatchObject({ code: EXIT.usage, stdout: '', connects: 0 });
      expect(result.stderr).toContain('--stage must be one of');
    }
    // The program's options come before the command: after it, -V is the command's (unknown) option, not the version.
    const after = await run(['list', '-V']);
    expect(after).toMatchObject({ code: EXIT.usage, stdout: '', connects: 0 });
  });

  it('lists every invalid field of every bad request in a batch and starts nothing', async () => {
    const good = requestFor('hyperv-to-azure');
    const bad = { ...requestFor('vmware-to-azure'), target: { ...requestFor('vmware-to-azure').target, vmSize: 'big', diskType: 'SSD' } };
    const result = await run(['start', '-'], JSON.stringify([good, bad]));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('nothing was started');
    expect(result.stderr).toContain(`request #1 (${bad.machineId})`);
    expect(result.stderr).toMatch(/target\.vmSize: must be an Azure VM size/);
    expect(result.stderr).toMatch(/target\.diskType: /);
    expect(result.stderr).not.toContain(`(${good.machineId})`);
  });

  it('gets past validation with good input and then says where it could not connect', async () => {
    const result = await run(['start', file('good.json', JSON.stringify(requestFor('physical-to-azure')))]);
    expect(result.code).toBe(EXIT.temporalUnreachable);
    expect(result.stderr).toContain('Cannot connect to Temporal at 127.0.0.1:1');
  });

  it('fails at once with 78 when the Temporal host name does not resolve (a wrong setting is not an outage)', async () => {
    const result = await runCliInProcess(['status', 'web-01'], {
      env: { ...NO_TEMPORAL, TEMPORAL_ADDRESS: 'no-such-host.invalid:7233', SITESHIFT_TEMPORAL_WAIT_SECONDS: '600' },
    });
    expect(result.code).toBe(EXIT.temporalMisconfigured);
    expect(result.stderr).toContain('does not resolve');
  });
});
