import { ApplicationFailure } from '@temporalio/common';

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

/**
 * Notifications of protected machines. The seam for a notification module: today each alert is posted as
 * JSON to the request's `protection.notifyWebhooks` (one try each, bounded by HOOK_TIMEOUT_MS); a module that
 * routes notifications (retries, channels) replaces the body of `alert` and nothing else.
 */
export function protectionNotificationActivities() {
  return {
    /** Posts the alert to every webhook; never fails the protection: says what was delivered. */
    async alert(alert: ProtectionAlert): Promise<{ notified: string }> {
      if (alert.webhooks.length === 0) return { notified: 'no webhook configured' };
      const { webhooks, ...body } = alert;
      const results = await Promise.all(
        webhooks.map(async (url) => {
          try {
            const response = await post(url, body);
            return response.ok ? undefined : `${new URL(url).host} answered ${response.status}`;
          } catch (error) {
            return `${new URL(url).host}: ${(error as Error).message}`;
          }
        }),
      );
      const failed = results.filter((r): r is string => r !== undefined);
      return { notified: failed.length === 0 ? `posted to ${webhooks.length} webhook(s)` : `not delivered: ${failed.join('; ')}` };
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
