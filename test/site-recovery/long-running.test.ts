import fc from 'fast-check';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { RestError } from '@azure/core-rest-pipeline';
import { runLongRunning, type BeginOptions, type PollerLike } from '../../site-recovery/azure/long-running';
import { encodeOperationToken } from '../../site-recovery/azure/operation-token';
import { recordingOp } from '../support/emulator-fixture';

const ITEM =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/m1';
const STATUS_URL =
  'https://arm/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationOperationStatus/job-1';

function poller<T>(outcome: () => Promise<T>, serialized = '{"state":{"status":"running"}}'): PollerLike<T> {
  return { toString: () => serialized, onProgress: () => () => undefined, pollUntilDone: outcome };
}

describe('runLongRunning', () => {
  it('reports the poller state and the operation URLs as soon as ARM accepted the call', async () => {
    const op = recordingOp();
    const outcome = await runLongRunning({
      action: 'testFailover',
      itemId: ITEM,
      op,
      pollIntervalMs: 1,
      begin: async (options: BeginOptions) => {
        options.onResponse({ status: 202, headers: { get: (name) => (name === 'azure-asyncoperation' ? STATUS_URL : undefined) } });
        return poller(async () => 'done');
      },
    });
    expect(outcome).toMatchObject({ result: 'done', resumed: false, locations: { operationLocation: STATUS_URL } });
    expect(JSON.parse(op.tokens[0])).toMatchObject({
      action: 'testFailover',
      poller: '{"state":{"status":"running"}}',
      operationLocation: STATUS_URL,
    });
  });

  it('passes a matching token back to the SDK instead of submitting', async () => {
    const token = encodeOperationToken({
      action: 'testFailover',
      itemId: ITEM,
      poller: 'STATE',
      operationLocation: STATUS_URL,
      submittedAt: 't',
    });
    const seen: (string | undefined)[] = [];
    const op = recordingOp(token);
    const outcome = await runLongRunning({
      action: 'testFailover',
      itemId: ITEM,
      op,
      pollIntervalMs: 1,
      begin: async (options) => (seen.push(options.resumeFrom), poller(async () => 'resumed')),
    });
    expect(seen).toEqual(['STATE']);
    expect(outcome).toMatchObject({ result: 'resumed', resumed: true });
    expect(op.tokens).toEqual([]);
  });

  it('an operation that can no longer be polled is reported lost, with its URLs, so the job can be followed', async () => {
    const token = encodeOperationToken({
      action: 'disable:NotSpecified',
      itemId: ITEM,
      poller: 'STATE',
      operationLocation: STATUS_URL,
      submittedAt: 't',
    });
    const outcome = await runLongRunning({
      action: 'disable:NotSpecified',
      itemId: ITEM,
      op: recordingOp(token),
      pollIntervalMs: 1,
      begin: async () => {
        throw new RestError('gone', { statusCode: 404 });
      },
    });
    expect(outcome).toMatchObject({ operationLost: true, resumed: true, locations: { operationLocation: STATUS_URL } });
  });

  it('keeps the operation URLs when the call was accepted but its first poll failed', async () => {
    const op = recordingOp();
    await expect(
      runLongRunning({
        action: 'enable',
        itemId: ITEM,
        op,
        pollIntervalMs: 1,
        begin: async (options) => {
          options.onResponse({ status: 202, headers: { get: (name) => (name === 'azure-asyncoperation' ? STATUS_URL : undefined) } });
          throw new RestError('unavailable', { statusCode: 503 });
        },
      }),
    ).rejects.toMatchObject({ retryable: true });
    expect(JSON.parse(op.tokens[0])).toMatchObject({ action: 'enable', operationLocation: STATUS_URL });
    expect(JSON.parse(op.tokens[0]).poller).toBeUndefined();
  });

  it("returns ARM's error of a failed operation rather than throwing, so the job can explain it", async () => {
    const outcome = await runLongRunning({
      action: 'enable',
      itemId: ITEM,
      op: recordingOp(),
      pollIntervalMs: 1,
      begin: async (options) => {
        options.onResponse({ status: 202, headers: { get: () => STATUS_URL } });
        return poller(async () => {
          options.onResponse({
            status: 200,
            headers: { get: () => undefined },
            parsedBody: { status: 'Failed', error: { code: '95108', message: 'Push install failed' } },
          });
          throw new Error('The long-running operation has failed');
        });
      },
    });
    expect(outcome.failure).toEqual({ code: '95108', message: 'Push install failed' });
  });

  describe('what begin() throws before ARM accepted the call is classified like any SDK error, never "operation failed"', () => {
    const throwing = (error: unknown) =>
      runLongRunning({
        action: 'testFailover',
        itemId: ITEM,
        op: recordingOp(),
        pollIntervalMs: 1,
        begin: async () => {
          throw error;
        },
      });

    it('a throttled read before the submission (the recovery point list) stays retryable', async () => {
      const throttled = new SiteRecoveryError('TooManyRequests', 'slow down', { statusCode: 429, retryable: true, retryAfterMs: 2000 });
      await expect(throwing(throttled)).rejects.toBe(throttled);
    });

    it('a 429 or 503 RestError of the submission itself is retryable, a 400 is not', async () => {
      await expect(throwing(new RestError('throttled', { statusCode: 429 }))).rejects.toMatchObject({
        retryable: true,
        options: { statusCode: 429 },
      });
      await expect(throwing(new RestError('busy', { statusCode: 503 }))).rejects.toMatchObject({ retryable: true });
      await expect(throwing(new RestError('bad', { statusCode: 400, code: 'InvalidParameter' }))).rejects.toMatchObject({
        code: 'InvalidParameter',
        retryable: false,
      });
    });

    it('a network error is retryable', async () => {
      await expect(throwing(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).rejects.toMatchObject({
        code: 'ECONNRESET',
        retryable: true,
      });
    });

    it('fast-check: any SiteRecoveryError thrown before acceptance comes out unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1 }),
          fc.boolean(),
          fc.option(fc.integer({ min: 400, max: 599 }), { nil: undefined }),
          async (code, retryable, statusCode) => {
            const error = new SiteRecoveryError(code, 'm', { retryable, statusCode });
            await expect(throwing(error)).rejects.toBe(error);
          },
        ),
        { numRuns: 50 },
      );
    });
  });
});
