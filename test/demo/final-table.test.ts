import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import { finalTable, stageDurations } from '../../demo/final-table';
import { formatDuration } from '../../demo/text-table';

function statusWith(machineId: string, scenario: MigrationStatus['scenario'], stages: Array<[Stage, number]>): MigrationStatus {
  const start = Date.parse('2026-01-01T00:00:00Z');
  return {
    machineId,
    displayName: machineId,
    scenario,
    stage: stages.at(-1)![0],
    stages: stages.map(([stage, atSeconds]) => ({ stage, enteredAt: new Date(start + atSeconds * 1000).toISOString() })),
    replication: { percent: 100, stalled: false },
    testFailoverCount: 1,
    decisions: [],
    resources: {},
    leftBehind: [],
  };
}

describe('demo final table', () => {
  it('times each stage until the next one and sums a stage entered twice (retest)', () => {
    const status = statusWith('hv-web-01', 'hyperv-to-azure', [
      ['Preflight', 0],
      ['EnablingReplication', 1],
      ['InitialReplication', 3],
      ['TestFailover', 63],
      ['AwaitingTestApproval', 64],
      ['TestFailover', 70],
      ['AwaitingTestApproval', 72],
      ['CleaningUpTestFailover', 80],
      ['Completed', 81],
    ]);
    const durations = stageDurations(status);
    expect(Object.fromEntries(durations)).toEqual({
      Preflight: 1000,
      EnablingReplication: 2000,
      InitialReplication: 60000,
      TestFailover: 3000,
      AwaitingTestApproval: 14000,
      CleaningUpTestFailover: 1000,
    });
  });

  it('prints machine, scenario, failover type, per-stage durations, total and final stage', () => {
    const failedEarly = statusWith('vmw-app-01', 'vmware-to-azure', [
      ['Preflight', 0],
      ['EnablingReplication', 0.5],
      ['Failed', 2.5],
    ]);
    const [header, rule, row] = finalTable([failedEarly]);
    expect(header.split(/\s{2,}/)).toEqual([
      'MACHINE',
      'SCENARIO',
      'FAILOVER',
      'PREFLIGHT',
      'ENABLE',
      'SYNC',
      'TEST',
      'TEST-OK',
      'CLEANUP',
      'GO-OK',
      'FAILOVER',
      'COMPLETE',
      'TOTAL',
      'FINAL STAGE',
    ]);
    expect(rule).toMatch(/^[- ]+$/);
    // Never failed over: the type the scenario would use; stages never reached show '-'.
    expect(row.split(/\s+/)).toEqual([
      'vmw-app-01',
      'vmware-to-azure',
      'unplanned',
      '0.5s',
      '2.0s',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '2.5s',
      'Failed',
    ]);
  });

  it('formats durations for seconds, minutes and hours', () => {
    expect([400, 12_345, 125_000, 3_720_000].map(formatDuration)).toEqual(['0.4s', '12.3s', '2m05s', '1h02m']);
  });
});
