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
import {
  HELD_DECISIONS_MAX,
  HeldDecisions,
  heldDecisionsLimitReason,
  type ArrivedDecision,
  type HeldDecisionsLimit,
} from '../../workflows/held-decisions';
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

/** For arrivals far fewer than HELD_DECISIONS_MAX: the limit is never asked about (so no patch marker recorded). */
const UNREACHED_LIMIT: HeldDecisionsLimit<'signal' | 'update', boolean> = {
  applies: () => {
    throw new Error('the limit was asked about under HELD_DECISIONS_MAX');
  },
  refuse: () => false,
};

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
  const gate = new HeldDecisions<'signal' | 'update', boolean>(
    (decision) => {
      judgedOrder.push(`${decision.name}/${decision.via}/${(decision.raw as { by: string }).by}`);
      return judge(decision);
    },
    holding,
    UNREACHED_LIMIT,
  );
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

type Via = 'signal' | 'update';
/** What the gate did with a decision, in the order it did it. */
type Step = `${'arrived' | 'judged' | 'refused' | 'ended'}:${number}`;

/**
 * The gate with the limit, fed `vias.length` decisions (decision i sent by `sender-i`), the policy learned before
 * arrival `learnAt` (or never: the workflow ends). `limitApplies`: false when replaying a history recorded before
 * the limit. What happened, in order; each decision's outcome; whether that outcome was given at once.
 */
async function runWithLimit(vias: Via[], learnAt: number | 'never', limitApplies: boolean) {
  const steps: Step[] = [];
  let limitAsked = 0;
  const idOf = (decision: ArrivedDecision<Via>) => Number((decision.raw as { by: string }).by.slice('sender-'.length));
  const outcomeOf = (kind: 'judged' | 'refused' | 'ended') => (decision: ArrivedDecision<Via>) => {
    steps.push(`${kind}:${idOf(decision)}`);
    return kind === 'refused' ? heldDecisionsLimitReason('migration') : kind;
  };
  const gate = new HeldDecisions<Via, string>(outcomeOf('judged'), true, {
    applies: () => {
      limitAsked += 1;
      return limitApplies;
    },
    refuse: outcomeOf('refused'),
  });
  const outcomes: (string | Promise<string>)[] = [];
  vias.forEach((via, id) => {
    if (id === learnAt) gate.release();
    steps.push(`arrived:${id}`);
    outcomes.push(gate.arrive({ name: 'abortMigration', raw: { by: `sender-${id}` }, via }));
  });
  gate.release(learnAt === 'never' ? outcomeOf('ended') : undefined);
  const atOnce = outcomes.map((outcome) => !(outcome instanceof Promise));
  return { steps, limitAsked, outcomes: await Promise.all(outcomes), atOnce };
}

describe('at most HELD_DECISIONS_MAX decisions are held; past it one is refused at once, property-based', () => {
  // Few arrivals, or about as many as the limit; the policy learned early, about then, or never.
  const via = fc.constantFrom<Via>('signal', 'update');
  const vias = fc.oneof(
    fc.array(via, { maxLength: 10 }),
    fc.array(via, { minLength: HELD_DECISIONS_MAX - 5, maxLength: HELD_DECISIONS_MAX + 25, size: 'max' }),
  );
  const learnAt = fc.oneof(
    fc.nat({ max: 10 }),
    fc.integer({ min: HELD_DECISIONS_MAX - 5, max: HELD_DECISIONS_MAX + 30 }),
    fc.constant('never' as const),
  );

  it('for any arrivals: the first HELD_DECISIONS_MAX before the policy are held, then judged in arrival order; those past it are refused at once, naming the limit; the limit is asked about only then', async () => {
    await fc.assert(
      fc.asyncProperty(vias, learnAt, async (vias, learnAt) => {
        const { steps, limitAsked, outcomes, atOnce } = await runWithLimit(vias, learnAt, true);
        const beforePolicy = learnAt === 'never' ? vias.length : Math.min(learnAt, vias.length);
        const held = Math.min(beforePolicy, HELD_DECISIONS_MAX);
        const ids = vias.map((_, id) => id);
        const heldIds = ids.slice(0, held);
        const refusedIds = ids.slice(held, beforePolicy);
        const laterIds = ids.slice(beforePolicy);
        expect(limitAsked).toBe(refusedIds.length);
        // Refused at once: right after its own arrival, before any other decision arrives or is judged.
        for (const id of refusedIds) expect(steps[steps.indexOf(`arrived:${id}`) + 1]).toBe(`refused:${id}`);
        for (const id of refusedIds) expect(outcomes[id]).toBe(heldDecisionsLimitReason('migration'));
        expect(atOnce).toEqual(ids.map((id) => !heldIds.includes(id)));
        // The held ones are judged (or refused as ended) in arrival order, all together, once released.
        const released = learnAt === 'never' ? 'ended' : 'judged';
        const releaseSteps = steps.filter((step) => step.startsWith(`${released}:`) && heldIds.includes(Number(step.split(':')[1])));
        expect(releaseSteps).toEqual(heldIds.map((id) => `${released}:${id}`));
        for (const id of heldIds) expect(outcomes[id]).toBe(released);
        // After the policy is known every decision is judged at once, whatever the count.
        for (const id of laterIds) expect(outcomes[id]).toBe('judged');
        expect(steps.filter((step) => step.startsWith('refused:'))).toHaveLength(refusedIds.length);
      }),
    );
  });

  it('replaying a history recorded before the limit (the patch absent), every decision before the policy is held, as then', async () => {
    await fc.assert(
      fc.asyncProperty(vias, learnAt, async (vias, learnAt) => {
        const { steps, outcomes } = await runWithLimit(vias, learnAt, false);
        expect(steps.filter((step) => step.startsWith('refused:'))).toEqual([]);
        const judged = steps.filter((step) => !step.startsWith('arrived:')).map((step) => Number(step.split(':')[1]));
        expect(judged).toEqual(vias.map((_, id) => id));
        expect(outcomes).toEqual(vias.map(() => (learnAt === 'never' ? 'ended' : 'judged')));
      }),
    );
  });

  it('a flood far past the limit holds exactly HELD_DECISIONS_MAX', async () => {
    const flood = Array.from({ length: HELD_DECISIONS_MAX * 3 }, (): Via => 'signal');
    const { atOnce, limitAsked } = await runWithLimit(flood, 'never', true);
    expect(atOnce.filter((given) => !given)).toHaveLength(HELD_DECISIONS_MAX);
    expect(limitAsked).toBe(HELD_DECISIONS_MAX * 2);
  });
});
