import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AbortMigration, ApproveFailover, ApproveTestFailover, RequestRetest } from '../common/decisions';
import type { MigrationStatus } from '../common/migration-status';

/**
 * The public interface of `migrateMachine`. Each operator decision exists both as a Signal (fire and forget,
 * e.g. `temporal workflow signal --name approveFailover`) and as an Update of the same name whose validator
 * rejects it synchronously when the stage does not allow it or the payload is invalid.
 * Untyped payloads on purpose: the workflow validates them with the shared zod schemas.
 */
export const approveTestFailoverSignal = defineSignal<[ApproveTestFailover]>('approveTestFailover');
export const requestRetestSignal = defineSignal<[RequestRetest]>('requestRetest');
export const approveFailoverSignal = defineSignal<[ApproveFailover]>('approveFailover');
export const abortMigrationSignal = defineSignal<[AbortMigration]>('abortMigration');

export const approveTestFailoverUpdate = defineUpdate<MigrationStatus, [ApproveTestFailover]>('approveTestFailover');
export const requestRetestUpdate = defineUpdate<MigrationStatus, [RequestRetest]>('requestRetest');
export const approveFailoverUpdate = defineUpdate<MigrationStatus, [ApproveFailover]>('approveFailover');
export const abortMigrationUpdate = defineUpdate<MigrationStatus, [AbortMigration]>('abortMigration');

export const statusQuery = defineQuery<MigrationStatus>('status');

export const MIGRATE_MACHINE_WORKFLOW = 'migrateMachine';
