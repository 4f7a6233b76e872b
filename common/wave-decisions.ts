import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { isDecisionIn, parseDecisionIn } from './decision-table';
import type { Checked } from './field-issues';
import { DECISION_FIELDS } from './decisions';
import type { Role } from './roles';
import { CutoverWindowSchema } from './wave-request';
import { FINAL_WAVE_STAGES, WAVE_STAGES, type WaveStage } from './wave-stages';

const { by, comment, reason, isoTime } = DECISION_FIELDS;

/** What a wave keeps of its decisions: every accepted one (at most this many besides the abort), the latest refusals. */
export const WAVE_DECISION_LIMITS = { MAX_ACCEPTED_DECISIONS: 50, KEPT_REFUSALS: 20 } as const;

/**
 * Wave-level operator decisions: each is both a Signal and an Update of the same name on `migrateWave`. The
 * wave relays them to its machines' migrations, as decisions `by` the same operator.
 */
export const WAVE_DECISIONS = {
  approveWaveTest: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['AwaitingWaveTestApproval'],
    command: 'approve-test',
    role: 'approver',
    summary: 'the whole application tested well: clean up every test failover and ask for cutover',
  },
  requestWaveRetest: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['AwaitingWaveTestApproval'],
    command: 'retest',
    role: 'operator',
    summary: 'clean up every test failover and run them again',
  },
  approveWaveCutover: {
    schema: lazySchema(() =>
      z.strictObject({
        by,
        comment,
        /** Not before this time (ISO 8601 with offset); the window still applies. */
        notBefore: isoTime.optional(),
        /** A new cutover window, replacing the wave's (e.g. after the last one closed). */
        cutoverWindow: CutoverWindowSchema.optional(),
      }),
    ),
    allowedStages: ['AwaitingWaveCutoverApproval'],
    command: 'approve-cutover',
    role: 'approver',
    summary: 'cut over group by group, in order, inside the window (not before --not-before)',
  },
  continueWave: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['AwaitingManualAction', 'AwaitingContinue', 'Halted'],
    command: 'continue',
    role: 'operator',
    summary: 'the manual action is done, or go on after a failure (without the failed machines)',
  },
  abortWave: {
    schema: lazySchema(() => z.strictObject({ by, comment, reason: reason('must say why the wave is aborted') })),
    allowedStages: WAVE_STAGES.filter((stage) => stage !== 'Aborting' && !FINAL_WAVE_STAGES.includes(stage)),
    command: 'abort',
    role: 'operator',
    summary: 'abort every machine not yet failing over, cleaning up',
  },
} as const satisfies Record<
  string,
  { schema: z.ZodObject; allowedStages: readonly WaveStage[]; command: string; role: Role; summary: string }
>;

export type WaveDecisionName = keyof typeof WAVE_DECISIONS;
export const WAVE_DECISION_NAMES = Object.keys(WAVE_DECISIONS) as readonly WaveDecisionName[];
export type WaveDecisionPayload<N extends WaveDecisionName> = z.infer<(typeof WAVE_DECISIONS)[N]['schema']>;
export type WaveDecision = { [N in WaveDecisionName]: { name: N; payload: WaveDecisionPayload<N> } }[WaveDecisionName];

export function isWaveDecisionName(name: unknown): name is WaveDecisionName {
  return isDecisionIn(WAVE_DECISIONS, name);
}

/** Validates a wave decision's payload (client, CLI and workflow alike). */
export function parseWaveDecision(name: WaveDecisionName, raw: unknown): Checked<WaveDecision> {
  return parseDecisionIn<WaveDecision>(WAVE_DECISIONS, name, raw);
}
