import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import type { WaveStatus } from '../../common/wave-status';
import { ProgressView } from '../../demo/progress-view';

function status(machineId: string, stage: Stage, percent: number): MigrationStatus {
  return {
    machineId,
    displayName: machineId,
    scenario: 'vmware-to-azure',
    stage,
    stages: [{ stage, enteredAt: new Date().toISOString() }],
    replication: { percent, stalled: false },
    testFailoverCount: 0,
    decisions: [],
    resources: {},
    leftBehind: [],
  };
}

function wave(stage: WaveStatus['stage'], groupStates: Array<[string, WaveStatus['groups'][number]['state'], string[]]>): WaveStatus {
  return {
    name: 'demo',
    stage,
    since: '2026-01-01T00:00:00Z',
    failurePolicy: 'halt',
    replicationConcurrency: 6,
    groups: groupStates.map(([name, state, machineIds]) => ({
      name,
      state,
      machines: machineIds.map((machineId) => ({ machineId, stage: 'Preflight' as const, since: '2026-01-01T00:00:00Z' })),
    })),
    counts: {},
    decisions: [],
    refusedDecisions: 0,
    ignoredReports: 0,
    run: 1,
    notes: [],
  };
}

function capture(isTTY: boolean, columns?: number) {
  let text = '';
  return { out: { isTTY, columns, write: (chunk: string) => (text += chunk) }, text: () => text };
}

describe('demo progress view', () => {
  it('without a terminal prints one line per change (stage, sync by 25% steps) and no cursor movement', () => {
    const sink = capture(false);
    const view = new ProgressView(sink.out);
    view.update([status('vmw-app-01', 'InitialReplication', 3), status('phy-file-01', 'Preflight', 0)]);
    view.update([status('vmw-app-01', 'InitialReplication', 20), status('phy-file-01', 'Preflight', 0)]);
    view.update([status('vmw-app-01', 'InitialReplication', 26), status('phy-file-01', 'EnablingReplication', 0)]);
    view.log('$ siteshift approve-test vmw-app-01 --by demo-operator');

    const lines = sink.text().trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^\[\s*[\d.]+s\] /, '').replace(/\s+/g, ' '))).toEqual([
      'vmw-app-01 InitialReplication 0%',
      'phy-file-01 Preflight',
      'vmw-app-01 InitialReplication 25%',
      'phy-file-01 EnablingReplication',
      '$ siteshift approve-test vmw-app-01 --by demo-operator',
    ]);
    expect(sink.text()).not.toContain('\x1b[');
  });

  it('on a terminal redraws the table in place, keeps log lines above it, and cuts lines to the width', () => {
    const sink = capture(true, 40);
    const view = new ProgressView(sink.out);
    view.update([status('vmw-app-01', 'InitialReplication', 50)]);
    const firstDraw = sink.text();
    expect(firstDraw.split('\n').every((line) => line.length <= 39)).toBe(true);
    view.log('operator note');
    view.update([status('vmw-app-01', 'TestFailover', 100)]);

    // 3 lines drawn (header, rule, one machine): erased before the log line, which stays, then drawn again.
    // eslint-disable-next-line no-control-regex -- the assertion is about the ANSI escapes the view writes
    expect(sink.text().slice(firstDraw.length)).toMatch(/^\x1b\[3A\x1b\[Joperator note\nMACHINE/);
    const beforeFinish = sink.text();
    view.finish();
    view.log('after the table');
    expect(sink.text().slice(beforeFinish.length)).toBe('after the table\n'); // the last table stays on screen
  });

  it("with a wave, also prints one line per change of the wave's stage and of each group's state", () => {
    const sink = capture(false);
    const view = new ProgressView(sink.out);
    const machines = [status('phy-file-01', 'FailingOver', 100), status('hv-web-01', 'AwaitingFailoverApproval', 100)];
    const groups = (first: 'InProgress' | 'Completed', second: 'Pending' | 'InProgress') =>
      [
        ['database', first, ['phy-file-01']],
        ['application', second, ['hv-web-01']],
      ] as Array<[string, WaveStatus['groups'][number]['state'], string[]]>;
    view.update(machines, wave('CuttingOver', groups('InProgress', 'Pending')));
    view.update(machines, wave('CuttingOver', groups('InProgress', 'Pending')));
    view.update(machines, wave('CuttingOver', groups('Completed', 'InProgress')));

    const lines = sink.text().trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^\[\s*[\d.]+s\] /, '').replace(/\s+/g, ' '))).toEqual([
      'wave demo CuttingOver',
      'group 1 database InProgress',
      'group 2 application Pending',
      'phy-file-01 FailingOver',
      'hv-web-01 AwaitingFailoverApproval',
      'group 1 database Completed',
      'group 2 application InProgress',
    ]);
  });

  it("with a wave on a terminal, draws the wave's stage, its groups and a GROUP column", () => {
    const sink = capture(true, 120);
    const view = new ProgressView(sink.out);
    view.update([status('phy-file-01', 'InitialReplication', 50)], wave('Replicating', [['database', 'Pending', ['phy-file-01']]]));
    const lines = sink.text().split('\n');
    expect(lines[0]).toBe('wave demo: Replicating');
    expect(lines[1]).toBe('groups: 1. database Pending');
    expect(lines[3]).toMatch(/^GROUP\s+MACHINE\s+SCENARIO/);
    expect(lines[5]).toMatch(/^database\s+phy-file-01\s+vmware-to-azure\s+InitialReplication/);
  });
});
