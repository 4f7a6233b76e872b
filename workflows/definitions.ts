import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { DECISION_NAMES, type DecisionName, type DecisionPayload } from '../common/decisions';
import type { MigrationStatus } from '../common/migration-status';

/**
 * The public interface of `migrateMachine`. Each operator decision (common/decisions.ts) exists both as a
 * Signal (fire and forget, e.g. `temporal workflow signal --name approveFailover`) and as an Update of the same
 * name whose validator rejects it synchronously (failure type DecisionRejected, non-retryable) when the stage
 * does not allow it or the payload is invalid. An accepted update answers with the status once the workflow
 * has acted on the decision (the stage it leads to). Payloads are typed for callers only: the workflow
 * validates them with the decision's schema, and records any other signal or update name as a refused decision.
 */
type DecisionSignals = { [N in DecisionName]: ReturnType<typeof defineSignal<[DecisionPayload<N>], N>> };
type DecisionUpdates = { [N in DecisionName]: ReturnType<typeof defineUpdate<MigrationStatus, [DecisionPayload<N>], N>> };

/** Every decision's Signal and Update, by decision name. */
export const DECISION_SIGNALS = Object.fromEntries(DECISION_NAMES.map((name) => [name, defineSignal(name)])) as DecisionSignals;
export const DECISION_UPDATES = Object.fromEntries(DECISION_NAMES.map((name) => [name, defineUpdate(name)])) as DecisionUpdates;

export const statusQuery = defineQuery<MigrationStatus>('status');

export const MIGRATE_MACHINE_WORKFLOW = 'migrateMachine';
export { migrateMachine } from './migrate-machine';
