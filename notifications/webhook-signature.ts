import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook delivery. The signature covers the timestamp and the exact body bytes. */
export const WEBHOOK_HEADERS = {
  event: 'x-siteshift-event',
  delivery: 'x-siteshift-delivery',
  timestamp: 'x-siteshift-timestamp',
  signature: 'x-siteshift-signature',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the scheme GitHub and Stripe use, with the timestamp bound in. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: true when the signature matches and the timestamp (Unix seconds) is within `toleranceSeconds`
 * of `nowSeconds` (replayed deliveries are refused).
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  { nowSeconds = Date.now() / 1000, toleranceSeconds = 300 } = {},
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
