import fc from 'fast-check';
import { mayActAs, ROLES } from '../../api/identity/roles';
import { WAVE_DECISION_ROLES } from '../../api/identity/wave-roles';
import { waveDecisionRightsFor } from '../../api/wave-rights';
import { WAVE_DECISIONS } from '../../common/wave-decisions';
import { WAVE_STAGES } from '../../common/wave-stages';
import { whyDisabled } from '../../console/app/rules';
import { awaitedWaveDecisions, WAVE_WAITING_STAGES } from '../../console/app/wave-rules';

const roleSets = fc.subarray([...ROLES], { minLength: 1 });
const stages = fc.constantFrom(...WAVE_STAGES);

describe("the console's wave decision rules, on the wave rights GET /v1/me gives", () => {
  it('enables a wave decision exactly when the role and the wave stage allow it, and says which one does not', () => {
    fc.assert(
      fc.property(roleSets, stages, (roles, stage) => {
        for (const right of waveDecisionRightsFor(roles)) {
          const roleAllows = mayActAs(roles, WAVE_DECISION_ROLES[right.name]);
          const stageAllows = (WAVE_DECISIONS[right.name].allowedStages as readonly string[]).includes(stage);
          const why = whyDisabled(right, { stage });
          expect(why === undefined).toBe(roleAllows && stageAllows);
          if (!roleAllows) expect(why).toBe(`needs the role ${WAVE_DECISION_ROLES[right.name]}`);
          else if (!stageAllows) expect(why).toMatch(/^only in /);
        }
      }),
    );
  });

  it('waits for someone only in the waiting wave stages, with decisions they may take, never an abort', () => {
    fc.assert(
      fc.property(roleSets, stages, (roles, stage) => {
        const awaited = awaitedWaveDecisions(waveDecisionRightsFor(roles), stage);
        if (!WAVE_WAITING_STAGES.includes(stage)) expect(awaited).toEqual([]);
        for (const right of awaited) {
          expect(right.name).not.toBe('abortWave');
          expect(mayActAs(roles, WAVE_DECISION_ROLES[right.name])).toBe(true);
        }
      }),
    );
    // Every waiting stage is awaited by someone (an admin may take every decision).
    for (const stage of WAVE_WAITING_STAGES)
      expect(awaitedWaveDecisions(waveDecisionRightsFor(['admin']), stage).length).toBeGreaterThan(0);
  });
});
