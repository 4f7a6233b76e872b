import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AbortMigration,
  ApproveFailover,
  ApproveTestFailover,
  CancelScheduledFailover,
  DecisionName,
  DecisionPayload,
  RequestRetest,
  RescheduleFailover,
} from '../common/decisions';
import type { MigrationStatus } from '../common/migration-status';

/**
 * The public interface of `migrateMachine`. Each operator decision exists both as a Signal (fire and forget,
 * e.g. `temporal workflow signal --name approveFailover`) and as an Update of the same name whose validator
 * rejects it synchronously (failure type DecisionRejected, non-retryable) when the stage does not allow it or
 * the payload is invalid. An accepted update answers with the status once the workflow has acted on the
 * decision (the stage it leads to). Untyped payloads on purpose: the workflow validates them with the shared
 * zod schemas, and records any other signal or update name as a refused decision.
 */
export const approveTestFailoverSignal = defineSignal<[ApproveTestFailover]>('approveTestFailover');
export const requestRetestSignal = defineSignal<[RequestRetest]>('requestRetest');
export const approveFailoverSignal = defineSignal<[ApproveFailover]>('approveFailover');
export const rescheduleFailoverSignal = defineSignal<[RescheduleFailover]>('rescheduleFailover');
export const cancelScheduledFailoverSignal = defineSignal<[CancelScheduledFailover]>('cancelScheduledFailover');
export const abortMigrationSignal = defineSignal<[AbortMigration]>('abortMigration');

export const approveTestFailoverUpdate = defineUpdate<MigrationStatus, [ApproveTestFailover]>('approveTestFailover');
export const requestRetestUpdate = defineUpdate<MigrationStatus, [RequestRetest]>('requestRetest');
export const approveFailoverUpdate = defineUpdate<MigrationStatus, [ApproveFailover]>('approveFailover');
export const rescheduleFailoverUpdate = defineUpdate<MigrationStatus, [RescheduleFailover]>('rescheduleFailover');
export const cancelScheduledFailoverUpdate = defineUpdate<MigrationStatus, [CancelScheduledFailover]>('cancelScheduledFailover');
export const abortMigrationUpdate = defineUpdate<MigrationStatus, [AbortMigration]>('abortMigration');

/** Every decision's Signal and Update, by decision name. */
export const DECISION_SIGNALS = {
  approveTestFailover: approveTestFailoverSignal,
  requestRetest: requestRetestSignal,
  approveFailover: approveFailoverSignal,
  rescheduleFailover: rescheduleFailoverSignal,
  cancelScheduledFailover: cancelScheduledFailoverSignal,
  abortMigration: abortMigrationSignal,
} as const satisfies { [N in DecisionName]: ReturnType<typeof defineSignal<[DecisionPayload<N>]>> };
export const DECISION_UPDATES = {
  approveTestFailover: approveTestFailoverUpdate,
  requestRetest: requestRetestUpdate,
  approveFailover: approveFailoverUpdate,
  rescheduleFailover: rescheduleFailoverUpdate,
  cancelScheduledFailover: cancelScheduledFailoverUpdate,
  abortMigration: abortMigrationUpdate,
} as const satisfies { [N in DecisionName]: ReturnType<typeof defineUpdate<MigrationStatus, [DecisionPayload<N>]>> };

export const statusQuery = defineQuery<MigrationStatus>('status');

export const MIGRATE_MACHINE_WORKFLOW = 'migrateMachine';
export { migrateMachine } from './migrate-machine';
