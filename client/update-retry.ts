import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceError } from '@temporalio/client';

const ATTEMPTS = 5;
const BACKOFF_MS = 200;
/** gRPC status code FAILED_PRECONDITION (grpc-js is not a direct dependency). */
const FAILED_PRECONDITION = 9;

/**
 * The server answers an Update with FAILED_PRECONDITION "unexpected workflow task failure" when the workflow
 * task carrying it failed, e.g. with UnhandledCommand because an activity completed at the same moment.
 * Nothing of that task was recorded, so the Update was not applied and sending it again is safe; the same
 * update id on every attempt lets the server deduplicate it should it have been applied after all.
 */
export async function executeUpdateWithRetry<T>(send: (updateId: string) => Promise<T>): Promise<T> {
  const updateId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(updateId);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isLostWorkflowTask(error)) throw error;
      await sleep(BACKOFF_MS * attempt);
    }
  }
}

function isLostWorkflowTask(error: unknown): boolean {
  if (!(error instanceof ServiceError)) return false;
  const cause = error.cause as (Error & { code?: number }) | undefined;
  return cause?.code === FAILED_PRECONDITION && /workflow task failure/i.test(cause.message);
}
