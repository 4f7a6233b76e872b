import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { WAVE_DECISION_NAMES, type WaveDecisionName, type WaveDecisionPayload } from '../common/wave-decisions';
import { WAVE_CUTOVER_QUERY, type WaveCutover } from '../common/wave-cutover';
import type { WaveStatus } from '../common/wave-status';

/**
 * The public interface of `migrateWave`: each wave decision (common/wave-decisions.ts) is a Signal and an
 * Update of the same name; the update's validator refuses what the signal would record as refused.
 */
type WaveSignals = { [N in WaveDecisionName]: ReturnType<typeof defineSignal<[WaveDecisionPayload<N>], N>> };
type WaveUpdates = { [N in WaveDecisionName]: ReturnType<typeof defineUpdate<WaveStatus, [WaveDecisionPayload<N>], N>> };

export const WAVE_DECISION_SIGNALS = Object.fromEntries(WAVE_DECISION_NAMES.map((name) => [name, defineSignal(name)])) as WaveSignals;
export const WAVE_DECISION_UPDATES = Object.fromEntries(WAVE_DECISION_NAMES.map((name) => [name, defineUpdate(name)])) as WaveUpdates;

export const waveStatusQuery = defineQuery<WaveStatus>('waveStatus');

/** What the wave cuts over now: its machines confirm an unproven approveFailover with it (signed decisions). */
export const waveCutoverQuery = defineQuery<WaveCutover>(WAVE_CUTOVER_QUERY);

export const MIGRATE_WAVE_WORKFLOW = 'migrateWave';
