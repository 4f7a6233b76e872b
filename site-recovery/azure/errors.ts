import type { RestError } from '@azure/core-rest-pipeline';
import { SiteRecoveryError } from '../site-recovery';

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Maps anything the SDK throws to a SiteRecoveryError, keeping ARM's error code and message:
 * throttling, server errors, timeouts and network failures are retryable; client errors are not.
 */
export function toSiteRecoveryError(error: unknown): SiteRecoveryError {
  if (error instanceof SiteRecoveryError) return error;
  if ((error as RestError)?.name === 'RestError') return fromRestError(error as RestError);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) {
    return new SiteRecoveryError(code, message, { retryable: true });
  }
  return new SiteRecoveryError('UnexpectedError', message, { retryable: false });
}

interface ArmErrorBody {
  code?: string;
  message?: string;
  details?: { code?: string; message?: string }[];
}

function fromRestError(error: RestError): SiteRecoveryError {
  const statusCode = error.statusCode;
  const body = (error.response as { parsedBody?: { error?: ArmErrorBody } } | undefined)?.parsedBody;
  // ASR wraps some errors in a generic code (400 BadRequest) and puts its own in the details.
  const detail = body?.error?.code === 'BadRequest' ? body.error.details?.find((d) => typeof d.code === 'string') : undefined;
  const code = detail?.code ?? body?.error?.code ?? error.code ?? (statusCode ? `Http${statusCode}` : 'RequestFailed');
  const message = body?.error?.message ?? error.message;
  if (statusCode === undefined) {
    return new SiteRecoveryError(code, message, { retryable: true });
  }
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  return new SiteRecoveryError(code, message, {
    statusCode,
    retryable,
    retryAfterMs: retryable ? retryAfterMs(error.response?.headers.get('retry-after')) : undefined,
  });
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isNotFound(error: unknown): boolean {
  return (error as RestError)?.statusCode === 404 || (error instanceof SiteRecoveryError && error.options.statusCode === 404);
}

export function isConflict(error: unknown): boolean {
  return (error as RestError)?.statusCode === 409 || (error instanceof SiteRecoveryError && error.options.statusCode === 409);
}

export function isAbort(error: unknown): boolean {
  return (error as Error)?.name === 'AbortError';
}

/** Runs an SDK call and rethrows its failure as a SiteRecoveryError (a cancellation stays an AbortError). */
export async function mappingErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw isAbort(error) ? error : toSiteRecoveryError(error);
  }
}
