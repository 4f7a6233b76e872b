import { SiteRecoveryError, type OperationContext } from '../site-recovery';
import { isAbort, isNotFound, toSiteRecoveryError } from './errors';
import { decodeOperationToken, encodeOperationToken } from './operation-token';

/** The URLs ARM answered a long-running call with (Azure-AsyncOperation and Location). */
export interface OperationLocations {
  operationLocation?: string;
  resourceLocation?: string;
}

/** What the adapter passes to an SDK `begin...` call. */
export interface BeginOptions {
  resumeFrom?: string;
  updateIntervalInMs: number;
  abortSignal?: AbortSignal;
  onResponse: (response: RawResponse) => void;
}

interface RawResponse {
  status: number;
  headers: { get(name: string): string | undefined };
  parsedBody?: unknown;
}

/** The part of the SDK's SimplePollerLike the adapter uses. */
export interface PollerLike<T> {
  toString(): string;
  onProgress(callback: (state: unknown) => void): () => void;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

export interface LongRunningOutcome<T> {
  result?: T;
  locations: OperationLocations;
  resumed: boolean;
  /** ARM reported the operation failed; the ASR job usually carries the precise error. */
  failure?: { code: string; message: string };
  /** A resumed operation that can no longer be polled (expired, or only its URLs were kept): follow its job. */
  operationLost?: boolean;
}

export interface LongRunningSpec<T> {
  action: string;
  itemId: string;
  op: OperationContext;
  pollIntervalMs: number;
  begin(options: BeginOptions): Promise<PollerLike<T>>;
}

/**
 * Submits a long-running ARM operation once and follows it to its end: a token from an earlier attempt
 * resumes the operation already submitted; a new submission is reported through op.onSubmitted at once.
 * Returns rather than throws when ARM says the operation failed, so the caller can read the ASR job's error.
 */
export async function runLongRunning<T>(spec: LongRunningSpec<T>): Promise<LongRunningOutcome<T>> {
  const { action, itemId, op } = spec;
  const token = decodeOperationToken(op.resumeFrom, action, itemId);
  const responses = new ResponseTracker();
  if (token && !token.poller) return { locations: token, resumed: true, operationLost: true };

  // Only the poller reports that ARM's operation failed (a plain Error from core-lro); any other failure is
  // classified like every SDK error: throttling, 5xx and network errors stay retryable.
  const pollingFailed = (error: unknown, locations: OperationLocations): LongRunningOutcome<T> => {
    if (isAbort(error)) throw error;
    if (error instanceof SiteRecoveryError) throw error;
    if ((error as Error)?.name === 'RestError') {
      if (token && isNotFound(error)) return { locations, resumed: true, operationLost: true };
      throw toSiteRecoveryError(error);
    }
    const failure = responses.lastError() ?? { code: 'OperationFailed', message: (error as Error)?.message ?? String(error) };
    return { locations, resumed: !!token, failure };
  };

  let poller: PollerLike<T>;
  try {
    poller = await spec.begin({
      resumeFrom: token?.poller,
      updateIntervalInMs: spec.pollIntervalMs,
      abortSignal: op.abortSignal,
      onResponse: (response) => responses.record(response),
    });
  } catch (error) {
    // Accepted, then the first poll failed: keep what identifies the operation so a retry follows it.
    if (!token && responses.accepted) op.onSubmitted(encodeOperationToken({ action, itemId, ...responses.locations, submittedAt: now() }));
    if (isAbort(error)) throw error;
    // The SDK's begin...() polls once after ARM accepted: from then on a failure may be the operation's.
    if (responses.accepted) return pollingFailed(error, token ?? responses.locations);
    if (token && isNotFound(error)) return { locations: token, resumed: true, operationLost: true };
    // Nothing was accepted: what begin() threw (the submission, or a read before it such as the recovery
    // point list) is the call's own error, classified like any other, never "the operation failed".
    throw toSiteRecoveryError(error);
  }

  const locations = token ?? responses.locations;
  if (!token) {
    op.onSubmitted(encodeOperationToken({ action, itemId, poller: poller.toString(), ...locations, submittedAt: now() }));
  }
  const stopReporting = poller.onProgress(() => op.onProgress?.());
  try {
    const result = await poller.pollUntilDone({ abortSignal: op.abortSignal });
    return { result, locations, resumed: !!token };
  } catch (error) {
    return pollingFailed(error, locations);
  } finally {
    stopReporting();
  }
}

class ResponseTracker {
  accepted = false;
  locations: OperationLocations = {};
  private lastBody: unknown;
  private first = true;

  record(response: RawResponse): void {
    if (this.first) {
      this.first = false;
      this.accepted = response.status >= 200 && response.status < 300;
      this.locations = {
        operationLocation: response.headers.get('azure-asyncoperation') ?? response.headers.get('operation-location'),
        resourceLocation: response.headers.get('location'),
      };
    }
    this.lastBody = response.parsedBody;
  }

  /** The error of a failed operation status ({ status: "Failed", error: { code, message } }). */
  lastError(): { code: string; message: string } | undefined {
    const error = (this.lastBody as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof error?.code !== 'string') return undefined;
    return { code: error.code, message: typeof error.message === 'string' ? error.message : error.code };
  }
}

function now(): string {
  return new Date().toISOString();
}
