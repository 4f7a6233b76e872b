import fc from 'fast-check';
import { decisionRightsFor } from '../../api/me-routes';
import { DECISION_ROLES, mayActAs, ROLES } from '../../api/identity/roles';
import { DECISIONS } from '../../common/decisions';
import { STAGES } from '../../common/stages';
import { awaitedDecisions, WAITING_STAGES, waitingRows, waitKey, whyDisabled } from '../../console/app/rules';

const roleSets = fc.subarray([...ROLES], { minLength: 1 });
const stages = fc.constantFrom(...STAGES);

describe("the console's decision rules, on the rights GET /v1/me gives", () => {
  it('enables a decision exactly when the role and the stage allow it, and says which one does not', () => {
    fc.assert(
      fc.property(roleSets, stages, (roles, stage) => {
        for (const right of decisionRightsFor(roles)) {
          const roleAllows = mayActAs(roles, DECISION_ROLES[right.name]);
          const stageAllows = (DECISIONS[right.name].allowedStages as readonly string[]).includes(stage);
          const why = whyDisabled(right, { stage });
          expect(why === undefined).toBe(roleAllows && stageAllows);
          if (!roleAllows) expect(why).toBe(`needs the role ${DECISION_ROLES[right.name]}`);
          else if (!stageAllows) expect(why).toMatch(/^only in /);
        }
      }),
    );
  });

  it('waits for someone only in the waiting stages, with decisions they may take, never an abort', () => {
    fc.assert(
      fc.property(roleSets, stages, (roles, stage) => {
        const awaited = awaitedDecisions(decisionRightsFor(roles), stage);
        if (!WAITING_STAGES.includes(stage)) expect(awaited).toEqual([]);
        for (const right of awaited) {
          expect(right.name).not.toBe('abortMigration');
          expect(whyDisabled(right, { stage })).toBeUndefined();
        }
      }),
    );
  });

  it('has, in every waiting stage, a decision that an approver or an admin is awaited for', () => {
    expect(awaitedDecisions(decisionRightsFor(['approver']), 'AwaitingTestApproval').map((r) => r.name)).toEqual(['approveTestFailover']);
    expect(awaitedDecisions(decisionRightsFor(['operator']), 'AwaitingTestApproval').map((r) => r.name)).toEqual(['requestRetest']);
    expect(awaitedDecisions(decisionRightsFor(['approver']), 'AwaitingFailoverApproval').map((r) => r.name)).toEqual(['approveFailover']);
    for (const stage of WAITING_STAGES) expect(awaitedDecisions(decisionRightsFor(['admin']), stage).length).toBeGreaterThan(0);
    expect(awaitedDecisions(decisionRightsFor(['viewer']), 'AwaitingFailoverApproval')).toEqual([]);
  });

  it('lists the longest wait first, the waits not read yet last, and only what the reader is awaited for', () => {
    const items = [
      { machineId: 'c', stage: 'AwaitingFailoverApproval' as const },
      { machineId: 'b', stage: 'AwaitingTestApproval' as const },
      { machineId: 'a', stage: 'AwaitingTestApproval' as const },
      { machineId: 'd', stage: 'AwaitingFailoverApproval' as const },
    ];
    const since = new Map([
      [waitKey(items[0]), '2026-11-29T10:00:00Z'],
      [waitKey(items[3]), '2026-11-29T09:00:00+00:00'],
      // A wait read for another stage is not this one's.
      [waitKey({ machineId: 'b', stage: 'InitialReplication' }), '2026-11-29T08:00:00Z'],
    ]);
    const rows = waitingRows(items, since, decisionRightsFor(['approver']));
    expect(rows.map((row) => [row.machineId, row.since, row.decisions.map((d) => d.name)])).toEqual([
      ['d', '2026-11-29T09:00:00+00:00', ['approveFailover']],
      ['c', '2026-11-29T10:00:00Z', ['approveFailover']],
      ['a', undefined, ['approveTestFailover']],
      ['b', undefined, ['approveTestFailover']],
    ]);
    // An operator is awaited only for retests; a viewer for nothing.
    expect(waitingRows(items, since, decisionRightsFor(['operator'])).map((row) => row.machineId)).toEqual(['a', 'b']);
    expect(waitingRows(items, since, decisionRightsFor(['viewer']))).toEqual([]);
  });
});
