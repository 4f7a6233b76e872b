import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { retryAfterMs, toSiteRecoveryError } from '../../site-recovery/azure/errors';

function armError(status: number, body: unknown, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://127.0.0.1/x' });
  const response = { status, headers: createHttpHeaders(headers), request, bodyAsText: JSON.stringify(body), parsedBody: body };
  const error = new RestError(JSON.stringify(body), { statusCode: status, request, response });
  error.code = (body as { error?: { code?: string } }).error?.code;
  return error;
}

describe('ARM errors become SiteRecoveryError', () => {
  it('keeps the ARM code and message', () => {
    const mapped = toSiteRecoveryError(armError(400, { error: { code: 'InvalidRecoveryPoint', message: 'The recovery point is gone.' } }));
    expect(mapped).toBeInstanceOf(SiteRecoveryError);
    expect(mapped).toMatchObject({ code: 'InvalidRecoveryPoint', message: 'The recovery point is gone.', retryable: false });
    expect(mapped.options.statusCode).toBe(400);
  });

  it.each([400, 401, 403, 404, 409])('%i is final', (status) => {
    expect(toSiteRecoveryError(armError(status, { error: { code: 'X', message: 'y' } })).retryable).toBe(false);
  });

  it.each([500, 502, 503, 504, 408])('%i is retryable', (status) => {
    expect(toSiteRecoveryError(armError(status, { error: { code: 'X', message: 'y' } })).retryable).toBe(true);
  });

  it('429 is retryable after Retry-After', () => {
    const mapped = toSiteRecoveryError(armError(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '7' }));
    expect(mapped).toMatchObject({ code: 'TooManyRequests', retryable: true });
    expect(mapped.options.retryAfterMs).toBe(7000);
  });

  it('a body without an ARM error keeps the HTTP status as the code', () => {
    const mapped = toSiteRecoveryError(armError(503, 'Service Unavailable'));
    expect(mapped.code).toBe('Http503');
    expect(mapped.retryable).toBe(true);
  });

  it('network failures are retryable, other surprises are not', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(toSiteRecoveryError(reset)).toMatchObject({ code: 'ECONNRESET', retryable: true });
    const timeout = new RestError('timed out', { code: RestError.REQUEST_SEND_ERROR });
    expect(toSiteRecoveryError(timeout).retryable).toBe(true);
    expect(toSiteRecoveryError(new TypeError('x is undefined')).retryable).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
