import type { NotificationEvent } from '../common/notification-event';
import type { WebhookRecipient } from '../config/notifications';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';

/** How one recipient's delivery went. `retryable` failures are tried again with the activity's backoff. */
export type DeliveryOutcome =
  { recipient: string; delivered: true } | { recipient: string; delivered: false; retryable: boolean; error: string };

const DELIVERY_TIMEOUT_MS = 10_000;

/** 408, 429 and server errors are worth retrying; any other refusal is a configuration problem of that receiver. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Posts the event to each recipient not yet in `alreadyDelivered`, signed with that recipient's secret.
 * Never throws: each outcome is returned, so one failing receiver neither blocks nor re-sends to the others.
 */
export async function deliverWebhooks(
  event: NotificationEvent,
  recipients: readonly WebhookRecipient[],
  alreadyDelivered: ReadonlySet<string>,
  { now = () => new Date(), signal }: { now?: () => Date; signal?: AbortSignal } = {},
): Promise<DeliveryOutcome[]> {
  const body = JSON.stringify(event);
  const pending = recipients.filter((recipient) => !alreadyDelivered.has(recipient.name));
  return Promise.all(
    pending.map(async (recipient): Promise<DeliveryOutcome> => {
      const timestamp = String(Math.floor(now().getTime() / 1000));
      try {
        const response = await fetch(recipient.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'siteshift-webhooks',
            [WEBHOOK_HEADERS.event]: event.kind,
            [WEBHOOK_HEADERS.delivery]: event.id,
            [WEBHOOK_HEADERS.timestamp]: timestamp,
            [WEBHOOK_HEADERS.signature]: signWebhook(recipient.secret, timestamp, body),
          },
          body,
          redirect: 'error',
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]) : AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (response.ok) return { recipient: recipient.name, delivered: true };
        return {
          recipient: recipient.name,
          delivered: false,
          retryable: retryableStatus(response.status),
          error: `HTTP ${response.status}`,
        };
      } catch (error) {
        // The URL may carry credentials: report the kind of failure, never the URL.
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        return { recipient: recipient.name, delivered: false, retryable: true, error: cause };
      }
    }),
  );
}
