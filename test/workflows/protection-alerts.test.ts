import type { NotificationEvent } from '../../common/notification-event';
import { NotificationSettingsSchema } from '../../config/notifications';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../notifications/webhook-signature';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { waitUntil } from '../support/polling';
import { PROTECTED_WITH_HEALTH, protectionRequestFor, startProtection, waitForProtection } from '../support/protection-harness';
import { withWorker } from '../support/temporal';
import { startWebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver';

const OPS_SECRET = 'ops-secret-of-16-chars';

function signedEvent(delivery: ReceivedWebhook): NotificationEvent {
  const headers = {
    timestamp: String(delivery.headers[WEBHOOK_HEADERS.timestamp]),
    signature: String(delivery.headers[WEBHOOK_HEADERS.signature]),
  };
  expect(verifyWebhook(OPS_SECRET, headers, delivery.body)).toBe(true);
  return JSON.parse(delivery.body) as NotificationEvent;
}

describe('protectMachine: alerts through the shared notifications module', () => {
  it("delivers RPO alerts and recoveries HMAC-signed to the notification file's recipients of those kinds; request webhooks need a secret", async () => {
    const receiver = await startWebhookReceiver();
    const settings = NotificationSettingsSchema.parse({
      webhooks: [
        { name: 'ops', url: receiver.url('/ops'), secret: OPS_SECRET },
        { name: 'approvals', url: receiver.url('/approvals'), secret: 'approvals-secret-16', kinds: ['waiting'] },
      ],
    });
    const dr = new InMemoryDisasterRecovery();
    try {
      await withWorker({ siteRecovery: dr, notifications: settings }, async (worker) => {
        const request = protectionRequestFor('vmware-to-azure', {}, { notifyWebhooks: ['https://hooks.example.invalid/dr'] });
        const { protections, id } = await startProtection(worker, request, PROTECTED_WITH_HEALTH);

        dr.setRpo(id, 3600);
        const raised = await waitForProtection(protections, id, (s) => s.activeAlerts.some((a) => a.notified !== 'pending'));
        expect(raised.activeAlerts[0].notified).toBe('not delivered: 1 request webhook(s) not posted: no requestWebhookSecret');
        dr.setRpo(id, 30);
        await waitForProtection(protections, id, (s) => s.activeAlerts.length === 0 && s.alerts.length === 1);

        const ops = await waitUntil(
          'the alert and its recovery at /ops',
          async () => receiver.at('/ops'),
          (deliveries) => deliveries.length >= 2,
        );
        const events = ops.map(signedEvent);
        expect(events.map((e) => e.kind)).toEqual(['rpo-alert', 'rpo-recovered']);
        expect(events[0]).toMatchObject({
          machineId: id,
          workflowId: `protect-${id}`,
          summary: expect.stringContaining('RPO 3600 s'),
        });
        expect(ops[0].headers[WEBHOOK_HEADERS.event]).toBe('rpo-alert');
        expect(new Set(events.map((e) => e.id)).size).toBe(2);
        // A recipient of other kinds hears nothing of protections.
        expect(receiver.at('/approvals')).toEqual([]);
      });
    } finally {
      await receiver.close();
    }
  });
});
