import { Context } from '@temporalio/activity';
import type { OperationContext } from '../site-recovery/site-recovery';
import { whileHeartbeating } from './heartbeating';
import { toApplicationFailure } from './to-application-failure';

/** What long-running activities keep in their heartbeat: the token of the operation they submitted. */
export interface OperationHeartbeat {
  resumeToken?: string;
}

/**
 * Runs one long-running Site Recovery call so that a retry (after a crash, a timeout or a lost worker)
 * resumes the operation already submitted instead of submitting it again: the adapter reports the
 * operation's token, we keep it in the heartbeat, and the next attempt hands it back.
 */
export async function runResumableOperation<T>(call: (op: OperationContext) => Promise<T>): Promise<T> {
  const context = Context.current();
  const previous = context.info.heartbeatDetails as OperationHeartbeat | undefined;
  let resumeToken = previous?.resumeToken;
  const beat = () => context.heartbeat({ resumeToken } satisfies OperationHeartbeat);
  try {
    return await whileHeartbeating(beat, () =>
      call({
        resumeFrom: resumeToken,
        onSubmitted(token) {
          resumeToken = token;
          beat();
        },
        onProgress: beat,
        abortSignal: context.cancellationSignal,
      }),
    );
  } catch (error) {
    // Cancelled (the migration was aborted): report the cancellation itself, not what it interrupted.
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? error;
    throw toApplicationFailure(error);
  }
}
