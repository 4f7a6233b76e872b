import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import { cutoverOrderTable, finalTable, groupTimes, stageDurations } from '../../demo/final-table';
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

  it("puts each machine's wave group first when given", () => {
    const done = statusWith('phy-file-01', 'physical-to-azure', [
      ['Preflight', 0],
      ['Completed', 3],
    ]);
    const [header, , row] = finalTable([done], new Map([['phy-file-01', 'database']]));
    expect(header).toMatch(/^GROUP\s+MACHINE\s+SCENARIO\s+FAILOVER\s+PREFLIGHT/);
    expect(row).toMatch(/^database\s+phy-file-01\s+physical-to-azure\s+unplanned\s+3\.0s/);
  });

  describe('cutover order', () => {
    const cutover = (machineId: string, failingOverAt: number, completedAt: number) =>
      statusWith(machineId, 'hyperv-to-azure', [
        ['Preflight', 0],
        ['AwaitingFailoverApproval', 10],
        ['FailingOver', failingOverAt],
        ['CompletingMigration', completedAt - 1],
        ['Completed', completedAt],
      ]);
    const groups = [
      { name: 'database', machineIds: ['db-1', 'db-2'] },
      { name: 'application', machineIds: ['app-1', 'app-2'] },
    ];

    it('says a group waited for the one before it when its first failover began after the last of that group completed', () => {
      const times = groupTimes(groups, [
        cutover('db-1', 20, 30),
        cutover('db-2', 21, 34),
        cutover('app-1', 36, 40),
        cutover('app-2', 35, 41),
      ]);
      expect(times).toEqual([
        { name: 'database', machines: 2, firstFailover: expect.any(Number), lastCompleted: expect.any(Number) },
        { name: 'application', machines: 2, firstFailover: expect.any(Number), lastCompleted: expect.any(Number), afterPrevious: true },
      ]);
      expect(times[1].firstFailover! - times[0].lastCompleted!).toBe(1000);
      const origin = Date.parse('2026-01-01T00:00:00Z');
      const [header, , first, second] = cutoverOrderTable(times, origin);
      expect(header.split(/\s{2,}/)).toEqual(['GROUP', 'MACHINES', 'FIRST FAILOVER', 'ALL COMPLETED', 'AFTER PREVIOUS GROUP']);
      expect(first.split(/\s{2,}/)).toEqual(['1. database', '2', '+20.0s', '+34.0s', '-']);
      expect(second.split(/\s{2,}/)).toEqual(['2. application', '2', '+35.0s', '+41.0s', 'yes (1.0s later)']);
    });

    it('says NO when a failover of a group began before the group before it had completed', () => {
      const times = groupTimes(groups, [
        cutover('db-1', 20, 30),
        cutover('db-2', 21, 34),
        cutover('app-1', 33, 40),
        cutover('app-2', 35, 41),
      ]);
      expect(times[1].afterPrevious).toBe(false);
      expect(cutoverOrderTable(times, 0)[3]).toMatch(/NO$/);
    });

    it('leaves the span open and the order unknown while a machine of either group has not failed over', () => {
      const notYet = statusWith('app-2', 'hyperv-to-azure', [
        ['Preflight', 0],
        ['AwaitingFailoverApproval', 10],
      ]);
      const times = groupTimes(groups, [cutover('db-1', 20, 30), cutover('db-2', 21, 34), cutover('app-1', 36, 40), notYet]);
      expect(times[1]).toEqual({ name: 'application', machines: 2, firstFailover: undefined, lastCompleted: undefined });
      expect(times[1]).not.toHaveProperty('afterPrevious');
      expect(cutoverOrderTable(times, 0)[3].split(/\s{2,}/)).toEqual(['2. application', '2', '-', '-', '-']);
    });
  });

  it('formats durations for seconds, minutes and hours', () => {
    expect([400, 12_345, 125_000, 3_720_000].map(formatDuration)).toEqual(['0.4s', '12.3s', '2m05s', '1h02m']);
  });
});
