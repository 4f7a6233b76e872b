import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIdOf } from '../common/ids';
import type { NotificationEvent, NotificationKind } from '../common/notification-event';
import { NO_NOTIFICATIONS, recipientsOf, type NotificationSettings, type WebhookRecipient } from '../config/notifications';
import { deliverWebhooks } from '../notifications/deliver-webhooks';

/** How long one webhook or validation hook may take to answer. */
const HOOK_TIMEOUT_MS = 10_000;

export interface ProtectionAlert {
  machineId: string;
  kind: 'rpo' | 'health';
  state: 'raised' | 'cleared';
  message: string;
  at: string;
  webhooks: readonly string[];
}

export interface DrillValidation {
  url: string;
  machineId: string;
  testVmId: string;
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
  });
}

/** The notification kind of a protection alert being raised or cleared. */
export function alertKindOf(alert: Pick<ProtectionAlert, 'kind' | 'state'>): NotificationKind {
  return `${alert.kind}-${alert.state === 'raised' ? 'alert' : 'recovered'}`;
}

/**
 * The webhooks a protection request names (`protection.notifyWebhooks`), as recipients signed with the
 * notification settings' requestWebhookSecret; undefined without one (they are then not posted to).
 */
function requestRecipients(webhooks: readonly string[], settings: NotificationSettings): WebhookRecipient[] | undefined {
  if (!settings.requestWebhookSecret) return undefined;
  const secret = settings.requestWebhookSecret;
  return webhooks.map((url, index) => ({ name: `request webhook ${index + 1} (${new URL(url).host})`, url, secret }));
}

/**
 * Notifications of protected machines, through the shared notifications module (notifications/
 * deliver-webhooks.ts): each alert is an event of kind rpo-alert, rpo-recovered, health-alert or
 * health-recovered, HMAC-signed, to the SITESHIFT_NOTIFICATIONS_FILE recipients of that kind and to the
 * request's own `protection.notifyWebhooks` (signed with requestWebhookSecret). One try each: the protection
 * waits for it, so a receiver that is down is reported in the alert's `notified`, not retried.
 */
export function protectionNotificationActivities(settings: NotificationSettings = NO_NOTIFICATIONS) {
  return {
    /** Delivers the alert; never fails the protection: says what was delivered. */
    async alert(alert: ProtectionAlert): Promise<{ notified: string }> {
      const kind = alertKindOf(alert);
      const fromRequest = requestRecipients(alert.webhooks, settings);
      const recipients = [...recipientsOf(settings, kind), ...(fromRequest ?? [])];
      const unsigned =
        alert.webhooks.length > 0 && !fromRequest
          ? [`${alert.webhooks.length} request webhook(s) not posted: no requestWebhookSecret`]
          : [];
      if (recipients.length === 0) return { notified: unsigned[0] ?? 'no webhook configured' };
      const execution = Context.current().info.workflowExecution;
      const workflowId = execution?.workflowId ?? workflowIdOf('protectMachine', alert.machineId);
      const runId = execution?.runId ?? 'unknown-run';
      const event: NotificationEvent = {
        kind,
        id: `${workflowId}/${runId}/${kind}/${alert.at}`,
        workflowId,
        machineId: alert.machineId,
        at: alert.at,
        summary: alert.message,
      };
      const outcomes = await deliverWebhooks(event, recipients, new Set(), { signal: Context.current().cancellationSignal });
      const failed = [...outcomes.flatMap((o) => (o.delivered ? [] : [`${o.recipient}: ${o.error}`])), ...unsigned];
      const delivered = outcomes.filter((o) => o.delivered).length;
      return { notified: failed.length === 0 ? `posted to ${delivered} webhook(s)` : `not delivered: ${failed.join('; ')}` };
    },

    /** The drill's validation hook: a 2xx answer passes the drill; anything else fails it with the answer. */
    async validateDrill(validation: DrillValidation): Promise<{ passed: boolean; note: string }> {
      const { url, ...body } = validation;
      try {
        const response = await post(url, body);
        const text = (await response.text()).slice(0, 200);
        return { passed: response.ok, note: `validation hook answered ${response.status}${text ? `: ${text}` : ''}` };
      } catch (error) {
        throw ApplicationFailure.retryable(
          `validation hook ${new URL(url).host} did not answer: ${(error as Error).message}`,
          'ValidationHookUnreachable',
        );
      }
    },
  };
}
