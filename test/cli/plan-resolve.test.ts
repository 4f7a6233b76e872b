import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/exit-codes';
import { buildWave } from '../../cli/plan/build-wave';
import { PlanInputError } from '../../cli/plan/plan-errors';
import {
  parseDefaults,
  parseMachineCsv,
  parseMachineList,
  settingsFor,
  type MachineRow,
  type WaveSettings,
} from '../../cli/plan/plan-input';
import { resolveMachines, UNRESOLVED_REASONS, type Inventory } from '../../cli/plan/resolve-machines';
import { checkMigrationRequest } from '../../common/migration-request';
import { checkWaveRequest, parseWaveRequest } from '../../common/wave-request';
import type { ContainerSummary, DiscoveredMachine, FabricSummary } from '../../site-recovery/vault-inventory';
import { runCliInProcess } from '../support/run-cli-in-process';

/** The resolver and the plan input, on a vault described in memory (no Azure, no emulator). */

const SUB = '6f1c2b9a-5d3e-4c7f-9a8b-2e1d0c3b4a59';
const RG = `/subscriptions/${SUB}/resourceGroups`;
const VNET = `${RG}/rg-target/providers/Microsoft.Network/virtualNetworks/vnet-target`;
const A2A_VNET = `${RG}/rg-neu/providers/Microsoft.Network/virtualNetworks/vnet-neu`;
const SITE = `${RG}/rg-migrate/providers/Microsoft.OffAzure/VMwareSites/site`;
const SERVERS = `${RG}/rg-migrate/providers/Microsoft.OffAzure/ServerSites/servers`;

const machine = (name: string, extra: Partial<DiscoveredMachine> = {}): DiscoveredMachine => ({
  name,
  friendlyName: name.toUpperCase(),
  protectionStatus: 'Unprotected',
  readinessErrors: [],
  osType: 'Windows',
  ...extra,
});
const container = (name: string, policy: string | string[], machines: DiscoveredMachine[]): ContainerSummary => ({
  name,
  mappings: [policy].flat().map((p) => ({ name: `${name}-${p}`, policyName: p, state: 'Paired' })),
  machines,
});
const fabric = (name: string, kind: string, containers: ContainerSummary[], extra: Partial<FabricSummary> = {}): FabricSummary => ({
  name,
  kind,
  processServers: [],
  runAsAccounts: [],
  containers,
  ...extra,
});

function inventory(): Inventory {
  return {
    vault: { subscriptionId: SUB, resourceGroup: 'rg-vault', name: 'vault' },
    snapshot: {
      fabrics: [
        fabric('site', 'HyperVSite', [
          container('c1', 'hv', [machine('hv-1'), machine('hv-2', { readinessErrors: ['VM has a shared VHD'] })]),
        ]),
        fabric('vmm', 'VMM', [container('cloud', 'hv', [machine('vmm-1', { osType: 'Linux' })])]),
        fabric('vmware', 'InMageRcm', [container('vc', 'rcm', [machine('vm-1', { discoveryType: 'VMware', poweredOn: true })])], {
          vmwareSiteId: SITE,
          processServers: [{ id: 'ps-1', name: 'ps-one', healthy: true }],
          runAsAccounts: [{ id: 'run-as', name: 'svc' }],
        }),
        fabric(
          'physical',
          'InMageRcm',
          [
            container(
              'pc',
              ['rcm', 'rcm-2'],
              [
                machine('phy-1', { discoveryType: 'Physical' }),
                machine('ec2-a', { discoveryType: 'Physical', friendlyName: 'EC2AMAZ-A (i-0123456789abcdef0)' }),
              ],
            ),
          ],
          {
            physicalSiteId: SERVERS,
            processServers: [
              { id: 'ps-2', name: 'ps-two', healthy: true },
              { id: 'ps-3', name: 'ps-three', healthy: true },
            ],
          },
        ),
        fabric(
          'weu',
          'Azure',
          [
            {
              name: 'weu-c',
              mappings: [{ name: 'm', policyName: 'a2a', state: 'Paired', targetFabricName: 'neu', targetContainerName: 'neu-c' }],
              machines: [],
            },
          ],
          {
            location: 'westeurope',
          },
        ),
        fabric('neu', 'Azure', [container('neu-c', [], [])], { location: 'northeurope' }),
      ],
      policies: [],
      networkMappings: [
        { fabricName: 'vmm', networkName: 'corp', mappingName: 'corp-to-azure', recoveryNetworkId: VNET },
        { fabricName: 'weu', networkName: 'vnet-weu', mappingName: 'weu-to-neu', recoveryNetworkId: A2A_VNET },
      ],
      protectedItems: [],
    },
    azureVms: [
      {
        id: `${RG}/rg-weu/providers/Microsoft.Compute/virtualMachines/az-1`,
        name: 'az-1',
        resourceGroup: 'rg-weu',
        location: 'westeurope',
        osType: 'Linux',
        powerState: 'running',
        provisioningState: 'Succeeded',
        managedDiskIds: [`${RG}/rg-weu/providers/Microsoft.Compute/disks/az-1-os`],
      },
    ],
  };
}

const SETTINGS: WaveSettings = {
  target: {
    resourceGroupId: `${RG}/rg-target`,
    virtualNetworkId: VNET,
    subnetName: 'default',
    testVirtualNetworkId: `${VNET}-test`,
    vmSize: 'Standard_D2s_v3',
    diskType: 'StandardSSD_LRS',
  },
  azureToAzure: {
    target: { resourceGroupId: `${RG}/rg-neu`, virtualNetworkId: A2A_VNET, testVirtualNetworkId: `${A2A_VNET}-test` },
    stagingStorageAccountId: `${RG}/rg-weu/providers/Microsoft.Storage/storageAccounts/stage`,
  },
  processServers: ['ps-two'],
  replicationPolicies: ['hv', 'rcm', 'a2a'],
  awsRegion: 'eu-west-1',
};

const row = (name: string, extra: Partial<MachineRow> = {}): MachineRow => ({ machine: name, group: 'g', ...extra });
const resolve = (rows: MachineRow[], settings: WaveSettings = SETTINGS, inv: Inventory = inventory()) =>
  resolveMachines(rows, 'w', settings, inv);
const reasonOf = (name: string, settings?: WaveSettings, inv?: Inventory) => {
  const { resolved, unresolved } = resolve([row(name)], settings, inv);
  return resolved.length === 1 ? resolved[0].request.scenario : `${unresolved[0].reason}: ${unresolved[0].message}`;
};

describe('resolving names against a vault', () => {
  it('finds each scenario by item name, friendly name or EC2 instance id', () => {
    expect(['hv-1', 'VMM-1', 'vm-1', 'phy-1', 'i-0123456789abcdef0', 'AZ-1'].map((name) => reasonOf(name))).toEqual([
      'hyperv-to-azure',
      'hyperv-to-azure',
      'vmware-to-azure',
      'physical-to-azure',
      'aws-to-azure',
      'azure-to-azure',
    ]);
  });

  it('builds the source ASR needs from what the vault says', () => {
    const { resolved } = resolve([row('vmm-1'), row('vm-1'), row('i-0123456789abcdef0'), row('az-1')]);
    const sources = Object.fromEntries(resolved.map((r) => [r.request.machineId, r.request.source]));
    expect(sources['vmm-1']).toMatchObject({
      osType: 'Linux',
      vmmNetworkMapping: { fabricName: 'vmm', networkName: 'corp', mappingName: 'corp-to-azure' },
    });
    expect(sources['vm-1']).toEqual({
      fabricName: 'vmware',
      protectionContainerName: 'vc',
      osType: 'Windows',
      fabricDiscoveryMachineId: `${SITE}/machines/vm-1`,
      processServerId: 'ps-1',
      runAsAccountId: 'run-as',
    });
    expect(sources['ec2-a']).toMatchObject({
      fabricDiscoveryMachineId: `${SERVERS}/machines/ec2-a`,
      processServerId: 'ps-2',
      awsInstanceId: 'i-0123456789abcdef0',
    });
    expect(sources['az-1']).toMatchObject({
      recoveryFabricName: 'neu',
      recoveryProtectionContainerName: 'neu-c',
      recoveryRegion: 'northeurope',
    });
    expect(resolved.find((r) => r.request.machineId === 'az-1')?.request.target.virtualNetworkId).toBe(A2A_VNET);
  });

  it('gives each reason a name cannot be planned', () => {
    const inv = inventory();
    inv.snapshot.fabrics[0].containers[0].machines.push(
      machine('old', { osType: 'Other' }),
      machine('taken', { protectionStatus: 'Protected' }),
    );
    inv.snapshot.fabrics[1].containers[0].machines.push(machine('hv-1'));
    inv.azureVms.push({ ...inv.azureVms[0], id: `${inv.azureVms[0].id}-x`, name: 'az-off', powerState: 'deallocated' });
    const reasons = ['ghost', 'hv-1', 'taken', 'old', 'hv-2', 'az-off'].map((name) => reasonOf(name, SETTINGS, inv).split(':')[0]);
    expect(reasons).toEqual(['not-found', 'ambiguous', 'already-protected', 'unsupported-os', 'wrong-state', 'wrong-state']);
    expect(resolve([row('hv-1', { fabric: 'vmm' })], SETTINGS, inv).resolved[0].request.source.fabricName).toBe('vmm');
  });

  it('says what setup is missing rather than guessing', () => {
    const { processServers: _ps, ...noProcessServer } = SETTINGS;
    expect(reasonOf('phy-1', noProcessServer)).toMatch(/^incomplete-setup: .*several process servers \(ps-two, ps-three\)/);
    const { replicationPolicies: _p, ...noPolicies } = SETTINGS;
    expect(reasonOf('phy-1', noPolicies)).toMatch(/^incomplete-setup: .*maps to several policies \(rcm, rcm-2\)/);
    expect(reasonOf('az-1', { ...SETTINGS, azureToAzure: { target: SETTINGS.azureToAzure?.target } })).toMatch(/stagingStorageAccountId/);
    expect(reasonOf('vmm-1', { ...SETTINGS, target: { ...SETTINGS.target, virtualNetworkId: `${VNET}-other` } })).toMatch(
      /^incomplete-setup: no network mapping of fabric vmm/,
    );
    expect(reasonOf('i-0123456789abcdef0', { ...SETTINGS, awsRegion: undefined })).toMatch(/awsRegion/);
    expect(reasonOf('hv-1', { ...SETTINGS, target: { ...SETTINGS.target, resourceGroupId: undefined } })).toMatch(
      /^invalid-request: .*target\.resourceGroupId: is required/,
    );
  });

  it('never loses a name: each row is resolved into a valid request or listed once with a known reason', () => {
    const names = ['hv-1', 'hv-2', 'vmm-1', 'vm-1', 'phy-1', 'ec2-a', 'az-1', 'ghost', 'HV-1', 'i-0123456789abcdef0'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.constantFrom(...names), group: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 20 }),
        (picked) => {
          const rows = picked.map((p) => row(p.name, { group: p.group }));
          const { resolved, unresolved } = resolve(rows);
          expect(resolved.length + unresolved.length).toBe(rows.length);
          expect(unresolved.every((u) => (UNRESOLVED_REASONS as readonly string[]).includes(u.reason))).toBe(true);
          const ids = resolved.map((r) => r.request.machineId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const r of resolved) expect(checkMigrationRequest(r.request).success).toBe(true);
          if (resolved.length > 0) {
            const wave = buildWave('w', resolved, SETTINGS);
            expect(checkWaveRequest(wave).success).toBe(true);
            expect(wave.groups.map((g) => g.name)).toEqual([...new Set(resolved.map((r) => r.row.group))]);
          }
        },
      ),
    );
  });
});

describe('a group’s multi-VM consistency group in the plan', () => {
  it('names it from the defaults for every machine of the group, and refuses a group holding a Hyper-V machine', () => {
    const { resolved } = resolve([row('vm-1', { group: 'db' }), row('az-1', { group: 'db' }), row('hv-1', { group: 'app' })]);
    const settings: WaveSettings = { ...SETTINGS, groups: { db: { multiVmGroupName: 'crm-db' } } };
    const wave = parseWaveRequest(buildWave('w', resolved, settings));
    expect(wave.groups.map((g) => g.machines.map((m) => [m.scenario, m.multiVmGroupName]))).toEqual([
      [
        ['vmware-to-azure', 'crm-db'],
        ['azure-to-azure', 'crm-db'],
      ],
      [['hyperv-to-azure', undefined]],
    ]);
    const refused = (() => {
      try {
        return buildWave('w', resolved, { ...SETTINGS, groups: { app: { multiVmGroupName: 'crm-app' } } });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(PlanInputError);
    expect((refused as PlanInputError).details).toEqual([
      expect.stringMatching(/^groups\.1\.multiVmGroupName: is not supported for machine hv-1 \(hyperv-to-azure\)/),
    ]);
  });
});

describe('a wave of 1,000 machines', () => {
  it('resolves a thousand names of one appliance into a valid wave file of ten groups', () => {
    const inv = inventory();
    const names = Array.from({ length: 1000 }, (_, i) => `app-${String(i).padStart(4, '0')}`);
    inv.snapshot.fabrics[2].containers[0].machines.push(
      ...names.map((name) => machine(name, { discoveryType: 'VMware', osType: 'Linux' })),
    );
    const { resolved, unresolved } = resolve(
      names.map((name, i) => row(name.toUpperCase(), { group: `tier-${i % 10}` })),
      SETTINGS,
      inv,
    );
    expect(unresolved).toEqual([]);
    const wave = buildWave('w', resolved, SETTINGS);
    expect(checkWaveRequest(wave).success).toBe(true);
    expect(wave.groups.map((g) => g.machines.length)).toEqual(Array(10).fill(100));
  });
});

describe('the plan input', () => {
  it('reads a CSV with a header row in any case, a BOM, comments and empty cells', () => {
    const rows = parseMachineCsv('\uFEFF# lead list\nMachine,WAVE,Group,vmSize\nhv-1,w,db,Standard_E4s_v5\nvm-1,w,app,\n', 'list.csv');
    expect(rows).toEqual([
      { machine: 'hv-1', wave: 'w', group: 'db', vmSize: 'Standard_E4s_v5' },
      { machine: 'vm-1', wave: 'w', group: 'app' },
    ]);
  });

  it('names the column, line and field at fault', () => {
    expect(() => parseMachineCsv('machine,group,size\nhv-1,db,x\n', 'list.csv')).toThrow(/unknown column "size"/);
    let error: PlanInputError | undefined;
    try {
      parseMachineCsv('machine,group,vmSize,diskType\nhv-1,db,Standard_D2s_v3,\nvm-1,,huge,SSD\n', 'list.csv');
    } catch (caught) {
      error = caught as PlanInputError;
    }
    expect(error?.details).toEqual([
      'line 3.group: is required',
      'line 3.vmSize: must be an Azure VM size such as Standard_D2s_v3',
      expect.stringMatching(/^line 3\.diskType: /),
    ]);
  });

  it('reads a YAML plan holding machines and defaults, and merges wave settings over the defaults', () => {
    const yaml = [
      'vault: { subscriptionId: ' + SUB + ', resourceGroup: rg, name: v }',
      'defaults:',
      '  target: { subnetName: default, vmSize: Standard_D2s_v3 }',
      '  replicationConcurrency: 3',
      'waves:',
      '  w:',
      '    target: { vmSize: Standard_D4s_v3 }',
      '  w2:',
      '    vault: { subscriptionId: ' + SUB + ', resourceGroup: rg2, name: v2 }',
      'machines:',
      '  - { machine: hv-1, wave: w, group: db }',
    ].join('\n');
    const input = parseMachineList(yaml, 'plan.yaml');
    expect(input.rows).toEqual([{ machine: 'hv-1', wave: 'w', group: 'db' }]);
    const settings = settingsFor(input.defaults!, 'w');
    expect(settings.target).toEqual({ subnetName: 'default', vmSize: 'Standard_D4s_v3' });
    expect(settings.replicationConcurrency).toBe(3);
    expect([settings.vault?.name, settingsFor(input.defaults!, 'w2').vault?.name]).toEqual(['v', 'v2']);
    expect(() => parseDefaults('vault: { subscriptionId: x }\nwaves: { w: { vmSize: big } }', 'd.yaml')).toThrow(PlanInputError);
  });
});

describe('siteshift plan refuses bad input before it reads the vault', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siteshift-plan-input-'));
    writeFileSync(join(dir, 'ok.csv'), 'machine,wave,group\nhv-1,w,db\n');
    writeFileSync(join(dir, 'bad.csv'), 'machine,wave,group,vmSize\nhv-1,w,db,huge\n');
    writeFileSync(join(dir, 'defaults.yaml'), `vault: { subscriptionId: ${SUB}, resourceGroup: rg, name: v }\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // No Site Recovery endpoint is reachable here: any run that got as far as the vault would fail differently.
  const env = { SITESHIFT_ASR_ENDPOINT: 'https://127.0.0.1:9', SITESHIFT_ASR_TOKEN: 't', SITESHIFT_ASR_MAX_RETRIES: '0' };
  const plan = (...args: string[]) => runCliInProcess(['plan', ...args], { env, unreachable: true });

  it('exits 3 naming the file, line and field, and 2 for a misuse', async () => {
    const missing = await plan(join(dir, 'none.csv'), '--defaults', join(dir, 'defaults.yaml'));
    expect([missing.code, missing.stderr]).toEqual([EXIT.invalidInput, expect.stringContaining('Cannot read the machine list')]);
    const bad = await plan(join(dir, 'bad.csv'), '--defaults', join(dir, 'defaults.yaml'));
    expect([bad.code, bad.stderr]).toEqual([EXIT.invalidInput, expect.stringContaining('line 2.vmSize: must be an Azure VM size')]);
    const noDefaults = await plan(join(dir, 'ok.csv'));
    expect([noDefaults.code, noDefaults.stderr]).toEqual([EXIT.usage, expect.stringContaining('pass --defaults')]);
    const output = await plan(join(dir, 'ok.csv'), '--defaults', join(dir, 'defaults.yaml'), '-o', join(dir, 'wave.txt'));
    expect([output.code, output.stderr]).toEqual([EXIT.usage, expect.stringContaining('--output must end in .json, .yaml or .yml')]);
    for (const run of [missing, bad, noDefaults, output]) expect(run.connects).toBe(0);
  });
});
