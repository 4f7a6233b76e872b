import { statusEvents } from '../../api/status-events';
import type { DecisionRecord, MigrationStatus } from '../../common/migration-status';
import { FINAL_STAGES } from '../../common/stages';

const at = (second: number) => `2026-11-29T10:00:${String(second).padStart(2, '0')}.000Z`;

function statusWith(overrides: Partial<MigrationStatus>): MigrationStatus {
  return {
    machineId: 'vm-1',
    stage: 'AwaitingTestApproval',
    stages: [{ stage: 'Preflight', enteredAt: at(0) }],
    replication: { percent: 100, stalled: false },
    testFailoverCount: 1,
    decisions: [],
    ...overrides,
  } as MigrationStatus;
}

const refusal = (second: number): DecisionRecord => ({
  name: 'approveFailover',
  via: 'signal',
  by: 'x',
  at: at(second),
  accepted: false,
  rejectionReason: 'wrong stage',
  stage: 'AwaitingTestApproval',
});

describe('statusEvents (what an event stream sends between two reads of a status)', () => {
  it('sends nothing when nothing changed', () => {
    const status = statusWith({});
    expect(statusEvents(status, status, FINAL_STAGES)).toEqual([]);
  });

  it('sends a new decision even when the kept refusals rotated (the list length stays the same)', () => {
    const before = statusWith({ decisions: [refusal(1), refusal(2)] });
    const after = statusWith({ decisions: [refusal(2), refusal(3)] });
    expect(statusEvents(before, after, FINAL_STAGES)).toEqual([
      { event: 'decision', data: expect.objectContaining({ at: at(3), accepted: false }) },
    ]);
  });

  it('sends every stage entered between two reads, in order, and end once', () => {
    const before = statusWith({});
    const after = statusWith({
      stage: 'Aborted',
      stages: [...before.stages, { stage: 'Aborting', enteredAt: at(1) }, { stage: 'Aborted', enteredAt: at(2) }],
    });
    expect(statusEvents(before, after, FINAL_STAGES).map((e) => e.event)).toEqual(['stage', 'stage', 'end']);
    expect(statusEvents(after, after, FINAL_STAGES)).toEqual([]);
  });
});
