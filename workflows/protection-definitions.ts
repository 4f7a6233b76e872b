import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { PROTECTION_DECISION_NAMES, type ProtectionDecisionInput, type ProtectionDecisionName } from '../common/protection-decisions';
import type { ProtectionStatus } from '../common/protection-status';

/**
 * The public interface of `protectMachine`: each decision of common/protection-decisions.ts is a Signal and
 * an Update of the same name (as migrateMachine's are); the Update answers with the status once the workflow
 * acted on it, or is refused (DecisionRejected). Payloads are typed for callers only: the workflow validates them.
 */
type Signals = { [N in ProtectionDecisionName]: ReturnType<typeof defineSignal<[ProtectionDecisionInput<N>], N>> };
type Updates = { [N in ProtectionDecisionName]: ReturnType<typeof defineUpdate<ProtectionStatus, [ProtectionDecisionInput<N>], N>> };

export const PROTECTION_SIGNALS = Object.fromEntries(PROTECTION_DECISION_NAMES.map((name) => [name, defineSignal(name)])) as Signals;
export const PROTECTION_UPDATES = Object.fromEntries(PROTECTION_DECISION_NAMES.map((name) => [name, defineUpdate(name)])) as Updates;

export const protectionStatusQuery = defineQuery<ProtectionStatus>('status');

export const PROTECT_MACHINE_WORKFLOW = 'protectMachine';
