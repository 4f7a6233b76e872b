import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EXIT } from '../../cli/exit-codes';
import { parseWaveRequest, waveMachines } from '../../common/wave-request';
import type { RunningEmulator } from '../../emulator';
import type { SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, recordingOp, startTestEmulator } from '../support/emulator-fixture';
import { runCliInProcess } from '../support/run-cli-in-process';
import { sampleRequest } from '../support/samples';

/** The emulator's vault and targets: the same defaults file the demo plans with. */
const DEFAULTS = join(__dirname, '../../demo/plan-defaults.yaml');

/**
 * One machine of every scenario, named as a migration lead would (friendly names, an EC2 instance id), with
 * per-machine overrides, plus one name for every reason a name cannot be planned.
 */
const CSV = [
  'machine,wave,group,fabric,machineId,vmSize,subnet,diskType,recoveryPoint',
  'HV-SQL-01,wave-1,database,,,Standard_E4s_v5,,Premium_LRS,LatestProcessed',
  'vmw-db-01,wave-1,database,,,,,,',
  'vmm-app-01,wave-1,application,,,,,,',
  'phy-app-02,wave-1,application,,,,,,',
  'i-0f9e8d7c6b5a40312,wave-1,application,,aws-app-02,,,,',
  'azvm-app-02,wave-1,application,,,,,,',
  'crm-app,wave-1,application,physical-appliance,,,,,',
  'crm-app,wave-1,web,,,,,,',
  'hv-ghost-01,wave-1,web,,,,,,',
  'hv-netware-01,wave-1,web,,,,,,',
  'phy-backup-03,wave-1,web,,,,,,',
  'azvm-batch-03,wave-1,web,,,,,,',
  'vmw-app-01,wave-1,web,,,,,,',
  'azvm-web-01,wave-1,web,,,,,,',
  'hv-branch-01,wave-1,web,,,,,,',
  'vmw-db-01,wave-1,web,,,,,,',
  'other-wave-01,wave-2,web,,,,,,',
].join('\n');

const EXPECTED_UNRESOLVED = {
  'crm-app': 'ambiguous',
  'hv-ghost-01': 'not-found',
  'hv-netware-01': 'unsupported-os',
  'phy-backup-03': 'wrong-state',
  'azvm-batch-03': 'wrong-state',
  'vmw-app-01': 'already-protected',
  'azvm-web-01': 'already-protected',
  'hv-branch-01': 'incomplete-setup',
  'vmw-db-01': 'duplicate',
};

let emulator: RunningEmulator;
let adapter: SiteRecovery;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // Two items a page: every list of more than two is read through nextLink.
  emulator = await startTestEmulator({ pageSize: 2 });
  adapter = adapterFor(emulator);
  dir = mkdtempSync(join(tmpdir(), 'siteshift-plan-'));
  writeFileSync(join(dir, 'machines.csv'), CSV);
  env = { SITESHIFT_ASR_ENDPOINT: emulator.url, SITESHIFT_ASR_TOKEN: 'test-token', SITESHIFT_ASR_CA_CERT: emulator.certificatePem };
  // Already protected: a VMware VM (its protectable item says so) and an Azure VM (a protected item names its VM).
  await adapter.enableReplication(sampleRequest('vmware'), recordingOp());
  await adapter.enableReplication(sampleRequest('azure'), recordingOp());
});
afterAll(async () => {
  await emulator?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const plan = (...args: string[]) => runCliInProcess(['plan', join(dir, 'machines.csv'), '--defaults', DEFAULTS, ...args], { env });

describe('siteshift plan against the emulator', () => {
  it('lists every name it cannot resolve with its reason, writes nothing and exits 9 (planIncomplete)', async () => {
    const output = join(dir, 'refused.json');
    const run = await plan('--wave', 'wave-1', '--output', output, '--json');
    expect(run.code).toBe(EXIT.planIncomplete);
    expect(existsSync(output)).toBe(false);
    const report = JSON.parse(run.stdout) as {
      written: string | null;
      unresolved: { machine: string; reason: string; candidates?: string[] }[];
    };
    expect(report.written).toBeNull();
    expect(Object.fromEntries(report.unresolved.map((u) => [u.machine, u.reason]))).toEqual(EXPECTED_UNRESOLVED);
    expect(report.unresolved.find((u) => u.reason === 'ambiguous')?.candidates).toEqual([
      'vmware-appliance/vmware-appliance-container/crm-app (CRM-APP)',
      'physical-appliance/physical-appliance-container/crm-app (CRM-APP)',
    ]);
  });

  it('writes the resolved machines with --write-partial: a wave file of every scenario that wave start takes, passing preflight', async () => {
    emulator.clearRequestLog();
    const output = join(dir, 'wave-1.yaml');
    const run = await plan('--wave', 'wave-1', '--output', output, '--write-partial');
    expect(run.code).toBe(EXIT.planIncomplete);
    expect(run.stdout).toContain('Wave wave-1: 7 of 16 machines resolved.');
    expect(run.stdout).toContain('FAIL hv-netware-01 (group web): unsupported-os:');

    const wave = parseWaveRequest(parseYaml(readFileSync(output, 'utf8')));
    expect(wave.name).toBe('wave-1');
    // Groups in the order the list first names them; a group whose machines all failed is left out.
    expect(wave.groups.map((g) => [g.name, g.machines.map((m) => m.machineId)])).toEqual([
      ['database', ['hv-sql-01', 'vmw-db-01']],
      ['application', ['vmm-app-01', 'phy-app-02', 'aws-app-02', 'azvm-app-02', 'crm-app']],
    ]);
    const byId = new Map(waveMachines(wave).map((m) => [m.machineId, m]));
    expect([...byId.values()].map((m) => m.scenario).sort()).toEqual(
      [
        'hyperv-to-azure',
        'vmware-to-azure',
        'hyperv-to-azure',
        'physical-to-azure',
        'aws-to-azure',
        'azure-to-azure',
        'physical-to-azure',
      ].sort(),
    );
    // What the vault says is what the hand-written samples say.
    for (const [machineId, sample] of [
      ['hv-sql-01', 'hyperv-site-sql'],
      ['vmw-db-01', 'vmware-db'],
      ['vmm-app-01', 'hyperv-vmm'],
      ['phy-app-02', 'physical-app'],
      ['aws-app-02', 'aws-app'],
      ['azvm-app-02', 'azure-app'],
    ]) {
      const planned = byId.get(machineId)!;
      const expected = sampleRequest(sample);
      expect({ machineId, source: planned.source, policy: planned.replicationPolicyName }).toEqual({
        machineId,
        source: expected.source,
        policy: expected.replicationPolicyName,
      });
      expect(planned.target.testVirtualNetworkId).toBe(expected.target.testVirtualNetworkId);
    }
    // Per-machine overrides.
    expect(byId.get('hv-sql-01')).toMatchObject({
      target: { vmSize: 'Standard_E4s_v5', diskType: 'Premium_LRS' },
      failover: { recoveryPoint: 'LatestProcessed' },
    });
    // The name the fabric column picked out.
    expect(byId.get('crm-app')?.source).toMatchObject({ fabricName: 'physical-appliance' });
    for (const request of byId.values()) {
      const failed = (await adapter.preflight(request)).checks.filter((check) => !check.ok);
      expect({ machineId: request.machineId, failed }).toEqual({ machineId: request.machineId, failed: [] });
    }
  });

  it('follows nextLink through every list it reads, Compute included (the request log shows the later pages)', async () => {
    emulator.clearRequestLog();
    await plan('--wave', 'wave-1', '--output', join(dir, 'paged.json'), '--write-partial');
    const log = emulator.requestLog();
    const pages = (operation: string) => log.filter((e) => e.operation === operation).map((e) => e.skipToken ?? 'first');
    expect(pages('ReplicationFabrics_List')).toEqual(['first', '2', '4', '6']);
    expect(pages('VirtualMachines_ListAll')).toEqual(['first', '2']);
    expect(pages('ReplicationProtectedItems_List')).toEqual(['first']);
    expect(
      log.filter((e) => e.operation === 'ReplicationProtectableItems_ListByReplicationProtectionContainers' && e.skipToken),
    ).not.toEqual([]);
    expect(log.every((e) => e.status === 200 && e.method === 'GET')).toBe(true);
  });

  it('says which vault it could not read, and writes nothing', async () => {
    const defaults = join(dir, 'wrong-vault.yaml');
    writeFileSync(defaults, readFileSync(DEFAULTS, 'utf8').replace('name: vault-siteshift', 'name: vault-elsewhere'));
    const output = join(dir, 'never.json');
    const run = await runCliInProcess(['plan', join(dir, 'machines.csv'), '--defaults', defaults, '--wave', 'wave-1', '-o', output], {
      env,
    });
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toContain('Cannot read vault vault-elsewhere (resource group rg-siteshift');
    expect(existsSync(output)).toBe(false);
  });

  it('refuses a list of several waves without --wave, before reading the vault', async () => {
    emulator.clearRequestLog();
    const run = await plan();
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('several waves (wave-1, wave-2)');
    expect(emulator.requestLog()).toEqual([]);
  });
});

describe('siteshift plan of the demo batch (demo/wave.csv)', () => {
  let fresh: RunningEmulator;
  beforeAll(async () => {
    fresh = await startTestEmulator();
  });
  afterAll(() => fresh?.stop());

  it('resolves every machine: exit 0, the wave file of two groups on stdout', async () => {
    const freshEnv = { SITESHIFT_ASR_ENDPOINT: fresh.url, SITESHIFT_ASR_TOKEN: 'test-token', SITESHIFT_ASR_CA_CERT: fresh.certificatePem };
    const run = await runCliInProcess(['plan', join(__dirname, '../../demo/wave.csv'), '--defaults', DEFAULTS], { env: freshEnv });
    expect(run.stderr).toContain('Wave demo: 6 of 6 machines resolved.');
    expect(run.code).toBe(EXIT.ok);
    const wave = parseWaveRequest(JSON.parse(run.stdout));
    expect(wave.groups.map((g) => [g.name, g.machines.length])).toEqual([
      ['database', 1],
      ['application', 5],
    ]);
    expect(new Set(waveMachines(wave).map((m) => m.scenario))).toEqual(
      new Set(['hyperv-to-azure', 'vmware-to-azure', 'physical-to-azure', 'aws-to-azure', 'azure-to-azure']),
    );
  });
});
