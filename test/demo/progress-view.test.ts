import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
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
});
