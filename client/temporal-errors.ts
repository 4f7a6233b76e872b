import { ApplicationFailure, ServiceError, WorkflowFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { MigrationStatus } from '../common/migration-status';

/** A Failed migration fails its workflow with the final status as the failure's first detail. */
export function statusFromFailure(error: WorkflowFailedError): MigrationStatus | undefined {
  const detail = error.cause instanceof ApplicationFailure ? error.cause.details?.[0] : undefined;
  const candidate = detail as Partial<MigrationStatus> | undefined;
  return candidate?.stage === 'Failed' && typeof candidate.machineId === 'string' ? (candidate as MigrationStatus) : undefined;
}

/** gRPC status codes (grpc-js is not a direct dependency). */
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;

/**
 * The server had the query or update, but no worker processed it in time: the server's own query timeout
 * (DEADLINE_EXCEEDED), or our deadline, which grpc reports as a cancelled call.
 */
export function isUnanswered(error: unknown, deadline: number): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (!(error instanceof ServiceError)) return false;
  const code = (error.cause as { code?: number } | undefined)?.code;
  return code === DEADLINE_EXCEEDED || (code === CANCELLED && Date.now() >= deadline);
}
