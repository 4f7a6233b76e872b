import { ApplicationFailure } from '@temporalio/common';
import { SiteRecoveryError } from '../site-recovery/site-recovery';

/** Details attached to every Site Recovery failure, so the workflow can report the ASR error precisely. */
export interface SiteRecoveryFailureDetails {
  code: string;
  statusCode?: number;
  jobId?: string;
}

/**
 * Turns a SiteRecoveryError into an ApplicationFailure whose type is the ASR/ARM error code:
 * throttling and server errors stay retryable (honouring Retry-After), everything else is final.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (!(error instanceof SiteRecoveryError)) return error;
  const details: SiteRecoveryFailureDetails = {
    code: error.code,
    statusCode: error.options.statusCode,
    jobId: error.options.jobId,
  };
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    nonRetryable: !error.retryable,
    details: [details],
    nextRetryDelay: error.retryable ? error.options.retryAfterMs : undefined,
  });
}

export async function translatingErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}
