import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import type { DecisionPolicy } from '../../common/decision-policy';
import { DECISION_NAMES, type DecisionName } from '../../common/decisions';
import { parseMigrationRequest } from '../../common/migration-request';
import type { Stage } from '../../common/stages';
import { WAVE_DECISION_NAMES, type WaveDecisionName } from '../../common/wave-decisions';
import type { WaveStage } from '../../common/wave-stages';
import { publicKeyHex } from '../../config/decision-policy';
import { checkDecision } from '../../workflows/decision-rules';
import { HeldDecisions, type ArrivedDecision } from '../../workflows/held-decisions';
import { checkWaveDecision } from '../../workflows/wave-decision-rules';
import { requestFor } from '../support/requests';

const NOT_BEFORE = '2026-12-01T22:00:00Z';

/** Each decision of a migration with a payload and a stage where the rules accept it when no policy is known. */
const MIGRATION_SAMPLES: Record<DecisionName, { stage: Stage; payload: Record<string, unknown> }> = {
  approveTestFailover: { stage: 'AwaitingTestApproval', payload: {} },
  requestRetest: { stage: 'AwaitingTestApproval', payload: {} },
  approveFailover: { stage: 'AwaitingFailoverApproval', payload: {} },
  rescheduleFailover: { stage: 'ScheduledFailover', payload: { notBefore: NOT_BEFORE } },
  cancelScheduledFailover: { stage: 'ScheduledFailover', payload: { reason: 'window moved' } },
  abortMigration: { stage: 'Preflight', payload: { reason: 'wrong machine' } },
};

const WAVE_SAMPLES: Record<WaveDecisionName, { stage: WaveStage; payload: Record<string, unknown> }> = {
  approveWaveTest: { stage: 'AwaitingWaveTestApproval', payload: {} },
  requestWaveRetest: { stage: 'AwaitingWaveTestApproval', payload: {} },
  approveWaveCutover: { stage: 'AwaitingWaveCutoverApproval', payload: {} },
  continueWave: { stage: 'AwaitingManualAction', payload: {} },
  abortWave: { stage: 'Checking', payload: { reason: 'wrong wave' } },
};

const request = parseMigrationRequest(requestFor('vmware-to-azure'));
const policy: DecisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(generateKeyPairSync('ed25519').publicKey) };
const proofs = { workflowId: 'migrate-under-test', nowMs: Date.parse(NOT_BEFORE), nonceUsed: () => false };

/** The migration's rules, with the policy once learned (none before): what migrateMachine's decide() runs. */
function judgeMigration(learned: () => boolean) {
  return ({ name, raw }: ArrivedDecision<'signal' | 'update'>) => {
    const { stage } = MIGRATION_SAMPLES[name as DecisionName];
    return checkDecision(name, raw, { stage, request, acceptedCount: 0, ...(learned() ? { policy, proofs } : {}) }).ok;
  };
}

function judgeWave(learned: () => boolean) {
  return ({ name, raw }: ArrivedDecision<'signal' | 'update'>) => {
    const { stage } = WAVE_SAMPLES[name as WaveDecisionName];
    return checkWaveDecision(name, raw, { stage, machines: [request], acceptedCount: 0, ...(learned() ? { policy, proofs } : {}) }).ok;
  };
}

/**
 * Unsigned decisions arriving in any order, with the policy learned before any of them, between any two, after
 * all, or never (the workflow ends without it): the gate's outcomes, and the order in which they were judged.
 */
async function run(
  samples: Record<string, { payload: Record<string, unknown> }>,
  judgeWith: (learned: () => boolean) => (decision: ArrivedDecision<'signal' | 'update'>) => boolean,
  arrivals: { name: string; by: string; via: 'signal' | 'update' }[],
  learnAt: number | 'never',
  holding = true,
): Promise<{ accepted: boolean[]; judgedOrder: string[] }> {
  let learned = false;
  const judgedOrder: string[] = [];
  const judge = judgeWith(() => learned);
  const gate = new HeldDecisions<'signal' | 'update', boolean>((decision) => {
    judgedOrder.push(`${decision.name}/${decision.via}/${(decision.raw as { by: string }).by}`);
    return judge(decision);
  }, holding);
  const outcomes: (boolean | Promise<boolean>)[] = [];
  arrivals.forEach(({ name, by, via }, index) => {
    if (index === learnAt) {
      learned = true;
      gate.release();
    }
    outcomes.push(gate.arrive({ name, raw: { ...samples[name].payload, by }, via }));
  });
  if (learnAt === 'never') gate.release(() => false);
  else if (!learned) {
    learned = true;
    gate.release();
  }
  return { accepted: await Promise.all(outcomes), judgedOrder };
}

const arrivalsOf = (names: readonly string[]) =>
  fc.array(
    fc.record({
      name: fc.constantFrom(...names),
      by: fc.constantFrom('ana', 'ben', 'mallory'),
      via: fc.constantFrom('signal' as const, 'update' as const),
    }),
    { minLength: 1, maxLength: 8 },
  );
const learnAtOf = fc.oneof(fc.nat({ max: 9 }), fc.constant('never' as const));

describe('decisions held until the decision policy is known, property-based', () => {
  it('every sample is accepted when no policy is known (so the refusals below are the policy at work)', () => {
    const none = () => false;
    for (const name of DECISION_NAMES)
      expect(judgeMigration(none)({ name, raw: { ...MIGRATION_SAMPLES[name].payload, by: 'ana' }, via: 'signal' })).toBe(true);
    for (const name of WAVE_DECISION_NAMES)
      expect(judgeWave(none)({ name, raw: { ...WAVE_SAMPLES[name].payload, by: 'ana' }, via: 'signal' })).toBe(true);
  });

  it('without holding, an unsigned decision arriving before the policy is learned is accepted: the defect the gate closes', async () => {
    const { accepted } = await run(MIGRATION_SAMPLES, judgeMigration, [{ name: 'abortMigration', by: 'mallory', via: 'signal' }], 1, false);
    expect(accepted).toEqual([true]);
  });

  it('under a policy requiring signatures no unsigned migration or wave decision is accepted, whenever it arrives; all are judged once, in arrival order', async () => {
    for (const [samples, judge, names] of [
      [MIGRATION_SAMPLES, judgeMigration, DECISION_NAMES],
      [WAVE_SAMPLES, judgeWave, WAVE_DECISION_NAMES],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(arrivalsOf(names), learnAtOf, async (arrivals, learnAt) => {
          const { accepted, judgedOrder } = await run(samples, judge, arrivals, learnAt);
          expect(accepted).toEqual(arrivals.map(() => false));
          // Never-learned decisions are refused without being judged by the rules.
          const judged = learnAt === 'never' ? [] : arrivals.map(({ name, via, by }) => `${name}/${via}/${by}`);
          expect(judgedOrder).toEqual(judged);
        }),
      );
    }
  });
});
