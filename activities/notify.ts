import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { NotificationEvent } from '../common/notification-event';
import { recipientsOf, type NotificationSettings } from '../config/notifications';
import { deliverWebhooks } from '../notifications/deliver-webhooks';

export interface NotifyResult {
  delivered: string[];
  /** Receivers that refused for good (e.g. 404, 401): a configuration problem, not retried. */
  refused: { recipient: string; error: string }[];
}

export function notifyActivity(settings: NotificationSettings) {
  /**
   * Delivers one event to its recipients. A retry (the activity's backoff) sends only to those not settled
   * yet (reached, or refused for good): kept in the heartbeat details. Fails retryable while a receiver is
   * unreachable.
   */
  return async function notify(event: NotificationEvent): Promise<NotifyResult> {
    const context = Context.current();
    const earlier = (context.info.heartbeatDetails as NotifyResult | undefined) ?? { delivered: [], refused: [] };
    const result: NotifyResult = { delivered: [...earlier.delivered], refused: [...earlier.refused] };
    const settled = new Set([...result.delivered, ...result.refused.map((r) => r.recipient)]);
    const outcomes = await deliverWebhooks(event, recipientsOf(settings, event.kind), settled, { signal: context.cancellationSignal });
    const failing: string[] = [];
    for (const outcome of outcomes) {
      if (outcome.delivered) result.delivered.push(outcome.recipient);
      else if (outcome.retryable) failing.push(`${outcome.recipient} (${outcome.error})`);
      else result.refused.push({ recipient: outcome.recipient, error: outcome.error });
    }
    context.heartbeat(result);
    if (failing.length > 0) {
      throw ApplicationFailure.create({ type: 'WebhookUnreachable', message: `webhook delivery failed: ${failing.join(', ')}` });
    }
    return result;
  };
}
