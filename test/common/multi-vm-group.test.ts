import fc from 'fast-check';
import {
  checkMigrationRequest,
  MigrationRequestSchemaV1,
  MigrationRequestSchemaV2,
  REPLICATION_PROVIDER,
  SCENARIOS,
  MAX_MULTI_VM_GROUP_MACHINES,
  supportsMultiVmGroup,
} from '../../common/migration-request';
import { checkWaveRequest, parseWaveRequest, waveRequestSchemaBeforeMultiVmGroups, type WaveRequestInput } from '../../common/wave-request';
import { plainTextArb } from '../support/request-arbitraries';
import { requestFor } from '../support/requests';

/** ASR multi-VM consistency groups (`multiVmGroupName`): InMageRcm and A2A have them, HyperVReplicaAzure has none. */

const RUNS = 200;
const scenarioArb = fc.constantFrom(...SCENARIOS);

function issuesOf(checked: { success: true } | { success: false; issues: { path: string; message: string }[] }) {
  return checked.success ? [] : checked.issues;
}

function waveOf(groups: WaveRequestInput['groups']): WaveRequestInput {
  return { name: 'wave-mvg', groups, replicationConcurrency: 2 };
}

describe('multiVmGroupName', () => {
  it('is taken by a machine request exactly when its provider has multi-VM groups, and refused naming the field otherwise', () => {
    fc.assert(
      fc.property(scenarioArb, plainTextArb(80), (scenario, name) => {
        const checked = checkMigrationRequest(requestFor(scenario, { multiVmGroupName: name }));
        if (REPLICATION_PROVIDER[scenario] === 'HyperVReplicaAzure') {
          expect(issuesOf(checked)).toEqual([
            {
              path: 'multiVmGroupName',
              message: expect.stringMatching(/^is not supported for hyperv-to-azure: ASR's HyperVReplicaAzure provider has no multi-VM/),
            },
          ]);
        } else {
          expect(checked.success && checked.data.multiVmGroupName).toBe(name.trim());
        }
      }),
      { numRuns: RUNS },
    );
    expect(SCENARIOS.filter(supportsMultiVmGroup)).toEqual(['vmware-to-azure', 'physical-to-azure', 'aws-to-azure', 'azure-to-azure']);
  });

  it('is bounded plain text', () => {
    for (const bad of ['', '   ', 'x'.repeat(81), 'a\u001bb', 7]) {
      expect(issuesOf(checkMigrationRequest(requestFor('vmware-to-azure', { multiVmGroupName: bad as string })))).toEqual([
        { path: 'multiVmGroupName', message: expect.any(String) },
      ]);
    }
  });

  it('is unknown to the request versions of migrations started before it (their rules never change)', () => {
    for (const schema of [MigrationRequestSchemaV1, MigrationRequestSchemaV2]) {
      const parsed = schema.safeParse(requestFor('vmware-to-azure', { multiVmGroupName: 'db' }));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.code)).toEqual(['unrecognized_keys']);
    }
  });

  it("a wave group's name reaches every machine of the group, and survives the wave's own continue-as-new re-parse", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...SCENARIOS.filter(supportsMultiVmGroup)), { minLength: 1, maxLength: 4 }),
        plainTextArb(80),
        (scenarios, name) => {
          const wave = parseWaveRequest(
            waveOf([
              { name: 'db', multiVmGroupName: name, machines: scenarios.map((s) => requestFor(s)) },
              { name: 'app', machines: [requestFor('hyperv-to-azure')] },
            ]),
          );
          expect(wave.groups[0].machines.map((m) => m.multiVmGroupName)).toEqual(scenarios.map(() => name.trim()));
          expect(wave.groups[1].machines[0].multiVmGroupName).toBeUndefined();
          expect(parseWaveRequest(wave)).toEqual(wave);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a group naming one when a machine of it is Hyper-V, naming the group field and the machines', () => {
    const hyperV = [requestFor('hyperv-to-azure'), requestFor('hyperv-to-azure')];
    const issues = issuesOf(
      checkWaveRequest(waveOf([{ name: 'db', multiVmGroupName: 'db-tier', machines: [requestFor('vmware-to-azure'), ...hyperV] }])),
    );
    expect(issues).toEqual([
      {
        path: 'groups.0.multiVmGroupName',
        message: expect.stringMatching(
          new RegExp(
            `^is not supported for machines ${hyperV[0].machineId}, ${hyperV[1].machineId} \\(hyperv-to-azure\\): ASR's HyperVReplicaAzure`,
          ),
        ),
      },
    ]);
  });

  it('refuses a Hyper-V machine of a wave naming one itself, and a machine naming another group than its group', () => {
    const issues = issuesOf(
      checkWaveRequest(
        waveOf([
          { name: 'db', multiVmGroupName: 'db-tier', machines: [requestFor('azure-to-azure', { multiVmGroupName: 'other' })] },
          { name: 'app', machines: [requestFor('hyperv-to-azure', { multiVmGroupName: 'app-tier' })] },
        ]),
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'groups.1.machines.0.multiVmGroupName', message: expect.stringMatching(/^is not supported for hyperv-to-azure/) },
      ]),
    );
    // The wave's own checks run once every machine is valid: the conflict shows alone.
    const conflict = issuesOf(
      checkWaveRequest(
        waveOf([{ name: 'db', multiVmGroupName: 'db-tier', machines: [requestFor('azure-to-azure', { multiVmGroupName: 'other' })] }]),
      ),
    );
    expect(conflict).toEqual([
      { path: 'groups.0.machines.0.multiVmGroupName', message: "must be the group's multiVmGroupName db-tier or absent" },
    ]);
  });

  it("keeps a machine's own group in a group that names none", () => {
    const wave = parseWaveRequest(waveOf([{ name: 'g', machines: [requestFor('physical-to-azure', { multiVmGroupName: 'own' })] }]));
    expect(wave.groups[0].machines[0].multiVmGroupName).toBe('own');
  });

  it(`refuses a multi-VM group of more than ${MAX_MULTI_VM_GROUP_MACHINES} machines of one provider across the wave, where it is named`, () => {
    const vmware = (count: number) => Array.from({ length: count }, () => requestFor('vmware-to-azure'));
    const azure = (count: number) => Array.from({ length: count }, () => requestFor('azure-to-azure'));
    // 16 VMware and 16 Azure machines of the same name are two ASR groups: accepted.
    expect(checkWaveRequest(waveOf([{ name: 'db', multiVmGroupName: 'crm', machines: [...vmware(16), ...azure(16)] }])).success).toBe(true);
    const split = waveOf([
      { name: 'db', multiVmGroupName: 'crm', machines: vmware(10) },
      {
        name: 'app',
        machines: [...vmware(6), ...Array.from({ length: 7 }, () => requestFor('physical-to-azure', { multiVmGroupName: 'crm' }))],
      },
    ]);
    expect(issuesOf(checkWaveRequest(split))).toEqual([
      {
        path: 'groups.0.multiVmGroupName',
        message: 'names a multi-VM group of 17 InMageRcm machines (crm): ASR replicates at most 16 machines together in one group',
      },
    ]);
    const own = waveOf([{ name: 'db', machines: vmware(17).map((m) => ({ ...m, multiVmGroupName: 'crm' })) }]);
    expect(issuesOf(checkWaveRequest(own))).toEqual([
      { path: 'groups.0.machines.0.multiVmGroupName', message: expect.stringMatching(/^names a multi-VM group of 17 InMageRcm machines/) },
    ]);
  });

  it('is unchecked and unused under the rules of waves started before the patch wave-multi-vm-groups', () => {
    const input = waveOf([
      { name: 'db', multiVmGroupName: 'crm', machines: [requestFor('hyperv-to-azure'), requestFor('vmware-to-azure')] },
    ]);
    const parsed = waveRequestSchemaBeforeMultiVmGroups().parse(input);
    expect(parsed.groups[0].machines.map((m) => m.multiVmGroupName)).toEqual([undefined, undefined]);
    expect(checkWaveRequest(input).success).toBe(false);
    // A machine naming one was refused then (an unknown key): it still is under those rules.
    const own = waveRequestSchemaBeforeMultiVmGroups().safeParse(
      waveOf([{ name: 'db', machines: [requestFor('vmware-to-azure', { multiVmGroupName: 'crm' })] }]),
    );
    expect(own.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['groups.0.machines.0', 'unrecognized key "multiVmGroupName"'],
    ]);
  });
});
