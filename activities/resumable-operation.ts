import { Context } from '@temporalio/activity';
import type { OperationContext } from '../site-recovery/site-recovery';
import { toApplicationFailure } from './to-application-failure';

/** What long-running activities keep in their heartbeat: the token of the operation they submitted. */
export interface OperationHeartbeat {
  resumeToken?: string;
}

/** Without a heartbeat timeout (none is set by the workflow today), still tell the server now and then. */
const DEFAULT_KEEP_ALIVE_MS = 60_000;

/**
 * Runs one long-running Site Recovery call so that a retry (after a crash, a timeout or a lost worker)
 * resumes the operation already submitted instead of submitting it again: the adapter reports the
 * operation's token, we keep it in the heartbeat, and the next attempt hands it back.
 *
 * Heartbeats are billable, so one is sent when there is something new to keep (the token: sent at once,
 * as the attempt's first heartbeat, which the SDK never throttles) and otherwise only as a keep-alive every
 * half heartbeat timeout, so a slow ASR job never looks like a dead worker while a lost worker is noticed
 * within one heartbeat timeout. A cancellation (abort) reaches the attempt with the next heartbeat's answer:
 * within half a heartbeat timeout.
 */
export async function runResumableOperation<T>(call: (op: OperationContext) => Promise<T>): Promise<T> {
  const context = Context.current();
  const previous = context.info.heartbeatDetails as OperationHeartbeat | undefined;
  // The server keeps the last heartbeat's details for the next attempt: a resumed attempt need not repeat them.
  let resumeToken = previous?.resumeToken;
  const keepAliveMs = context.info.heartbeatTimeoutMs ? context.info.heartbeatTimeoutMs / 2 : DEFAULT_KEEP_ALIVE_MS;
  let ticker: NodeJS.Timeout | undefined;
  const beat = () => {
    context.heartbeat({ resumeToken } satisfies OperationHeartbeat);
    clearTimeout(ticker);
    ticker = setTimeout(beat, keepAliveMs);
  };
  ticker = setTimeout(beat, keepAliveMs);
  try {
    return await call({
      resumeFrom: resumeToken,
      onSubmitted(token) {
        if (token === resumeToken) return;
        resumeToken = token;
        beat();
      },
      abortSignal: context.cancellationSignal,
    });
  } catch (error) {
    // Cancelled (the migration was aborted): report the cancellation itself, not what it interrupted.
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
    throw toApplicationFailure(error);
  } finally {
    clearTimeout(ticker);
  }
}
