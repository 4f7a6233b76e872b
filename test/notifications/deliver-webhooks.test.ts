import fc from 'fast-check';
import type { NotificationEvent } from '../../common/notification-event';
import { deliverWebhooks } from '../../notifications/deliver-webhooks';
import { signWebhook, verifyWebhook, WEBHOOK_HEADERS } from '../../notifications/webhook-signature';
import { startWebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'a-secret-of-sixteen+';
const event: NotificationEvent = {
  kind: 'waiting',
  id: 'migrate-web-01/run/1',
  workflowId: 'migrate-web-01',
  machineId: 'web-01',
  stage: 'AwaitingTestApproval',
  at: '2026-11-29T20:00:00.000Z',
  awaiting: { decisions: ['approveTestFailover', 'requestRetest'], since: '2026-11-29T20:00:00.000Z' },
  summary: 'web-01 waits for a test failover decision',
};

describe('webhook deliveries', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeEach(async () => (receiver = await startWebhookReceiver()));
  afterEach(() => receiver.close());

  it('posts the event as JSON, signed over the timestamp and the exact body, to every recipient', async () => {
    const outcomes = await deliverWebhooks(
      event,
      [
        { name: 'ops', url: receiver.url('/ops'), secret: SECRET },
        { name: 'leads', url: receiver.url('/leads'), secret: `${SECRET}2` },
      ],
      new Set(),
    );
    expect(outcomes).toEqual([
      { recipient: 'ops', delivered: true },
      { recipient: 'leads', delivered: true },
    ]);
    const [ops] = receiver.at('/ops');
    expect(JSON.parse(ops.body)).toEqual(event);
    expect(ops.headers[WEBHOOK_HEADERS.event]).toBe('waiting');
    expect(ops.headers[WEBHOOK_HEADERS.delivery]).toBe(event.id);
    const headers = {
      timestamp: String(ops.headers[WEBHOOK_HEADERS.timestamp]),
      signature: String(ops.headers[WEBHOOK_HEADERS.signature]),
    };
    expect(verifyWebhook(SECRET, headers, ops.body)).toBe(true);
    // Each recipient's own secret: the other's does not verify.
    expect(verifyWebhook(`${SECRET}2`, headers, ops.body)).toBe(false);
  });

  it('skips recipients already settled, and tells retryable failures from refusals', async () => {
    receiver.answer('/busy', 503);
    receiver.answer('/gone', 404);
    const recipients = [
      { name: 'done', url: receiver.url('/done'), secret: SECRET },
      { name: 'busy', url: receiver.url('/busy'), secret: SECRET },
      { name: 'gone', url: receiver.url('/gone'), secret: SECRET },
      { name: 'down', url: 'http://127.0.0.1:1/hook?token=credential-in-url', secret: SECRET },
    ];
    const outcomes = await deliverWebhooks(event, recipients, new Set(['done']));
    expect(receiver.at('/done')).toHaveLength(0);
    expect(outcomes).toEqual([
      { recipient: 'busy', delivered: false, retryable: true, error: 'HTTP 503' },
      { recipient: 'gone', delivered: false, retryable: false, error: 'HTTP 404' },
      { recipient: 'down', delivered: false, retryable: true, error: expect.any(String) },
    ]);
    expect(JSON.stringify(outcomes)).not.toContain('credential-in-url');
  });
});

describe('webhook signatures', () => {
  const now = 1_800_000_000;
  it('verify only the exact body and timestamp they were made for, within the tolerance', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.integer({ min: -1000, max: 1000 }), (body, extra, skew) => {
        const timestamp = String(now + skew);
        const signature = signWebhook(SECRET, timestamp, body);
        const within = Math.abs(skew) <= 300;
        expect(verifyWebhook(SECRET, { timestamp, signature }, body, { nowSeconds: now })).toBe(within);
        expect(verifyWebhook(SECRET, { timestamp, signature }, body + extra, { nowSeconds: now })).toBe(false);
        expect(verifyWebhook(SECRET, { timestamp: String(now + skew + 1), signature }, body, { nowSeconds: now })).toBe(false);
      }),
    );
  });
});
