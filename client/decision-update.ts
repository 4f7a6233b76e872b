import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isUnanswered } from './temporal-errors';
import { executeUpdateWithRetry } from './update-retry';

/**
 * Sends a decision as an Update and returns the workflow's answer; a refusal (the validator's or the handler's
 * DecisionRejected) becomes `rejected(reason)`. Retried where the server says nothing was applied.
 */
export async function executeDecisionUpdate<T>(
  handle: WorkflowHandle,
  update: string | { name: string },
  payload: unknown,
  rejected: (reason: string, cause?: Error) => Error,
): Promise<T> {
  try {
    return await executeUpdateWithRetry((updateId) => handle.executeUpdate<T, [unknown]>(update as string, { args: [payload], updateId }));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw rejected(error.cause?.message ?? error.message, error.cause);
    throw error;
  }
}

/** Runs a call that needs a worker to answer (query, update) within `timeoutMs`; `unanswered()` says why it did not. */
export async function answeredWithin<T>(
  client: Client,
  timeoutMs: number,
  call: () => Promise<T>,
  unanswered: () => Promise<Error> | Error,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  try {
    return await client.withDeadline(deadline, call);
  } catch (error) {
    if (!isUnanswered(error, deadline)) throw error;
    throw await unanswered();
  }
}

/** The rule a refusal names (four-eyes, signed decisions) in its DecisionRejected failure's details. */
export function ruleOf(cause: Error | undefined): string | undefined {
  const details = cause instanceof ApplicationFailure ? cause.details : undefined;
  const rule = (details?.[0] as { rule?: unknown } | undefined)?.rule;
  return typeof rule === 'string' ? rule : undefined;
}
