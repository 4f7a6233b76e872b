import { NotificationSettingsSchema, type NotificationSettings } from '../../config/notifications';
import type { MigrationStatus } from '../../common/migration-status';
import type { NotificationEvent } from '../../common/notification-event';
import type { Stage } from '../../common/stages';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../notifications/webhook-signature';
import { DECISION_UPDATES } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { startMigration, TEST_STALL_AFTER_MINUTES, waitForStage, waitForStatus, type MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { startWebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver';

const OPS_SECRET = 'ops-secret-of-16-chars';
const LEADS_SECRET = 'leads-secret-16-chars';
const REMINDER_AFTER_MINUTES = 0.05;
const ESCALATE_AFTER_MINUTES = 0.1;

async function historyOf(handle: MigrationHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    timers: events.filter((e) => e.timerStartedEventAttributes).length,
    notifies: events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify').length,
  };
}

/** How long the migration stayed in `stage` (workflow time, as the notifier's timers measure it). */
function msIn(status: MigrationStatus, stage: Stage): number {
  const index = status.stages.findIndex((s) => s.stage === stage);
  return Date.parse(status.stages[index + 1].enteredAt) - Date.parse(status.stages[index].enteredAt);
}

function eventOf(delivery: ReceivedWebhook, secret: string): NotificationEvent {
  const headers = {
    timestamp: String(delivery.headers[WEBHOOK_HEADERS.timestamp]),
    signature: String(delivery.headers[WEBHOOK_HEADERS.signature]),
  };
  expect(verifyWebhook(secret, headers, delivery.body)).toBe(true);
  return JSON.parse(delivery.body) as NotificationEvent;
}

describe('notifications', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let settings: NotificationSettings;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    settings = NotificationSettingsSchema.parse({
      webhooks: [{ name: 'ops', url: receiver.url('/ops'), secret: OPS_SECRET }],
      escalation: [{ name: 'leads', url: receiver.url('/leads'), secret: LEADS_SECRET }],
      reminderAfterMinutes: REMINDER_AFTER_MINUTES,
      escalateAfterMinutes: ESCALATE_AFTER_MINUTES,
    });
  });
  afterEach(() => receiver.close());

  it('tells who must act when a wait starts, reminds, escalates to its own list, and says how the migration ended', async () => {
    // The first delivery meets a receiver that is down for a moment: it is retried, the migration does not wait.
    receiver.answer('/ops', 503);
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr, notifications: settings }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'AwaitingTestApproval');
      await waitUntil(
        'the escalation',
        async () => receiver.at('/leads').length,
        (n) => n === 1,
        { timeoutMs: 30_000 },
      );

      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
      const result = await handle.result();
      expect(result.stage).toBe('Completed');

      // The end was delivered before the workflow completed. A retried delivery may arrive after a later
      // event: receivers order by the id's sequence number.
      const seq = (e: NotificationEvent) => Number(e.id.split('/').at(-1));
      const ops = receiver
        .at('/ops')
        .slice(1)
        .map((d) => eventOf(d, OPS_SECRET))
        .sort((a, b) => seq(a) - seq(b));
      // The failover approval is sent as soon as the test sees its wait; on a loaded machine that wait may still last
      // past the reminder time (then it is reminded too), never is it reminded sooner.
      const secondWaitMs = msIn(result, 'AwaitingFailoverApproval');
      const remindedAgain = ops.some((e) => e.kind === 'reminder' && e.stage === 'AwaitingFailoverApproval');
      if (remindedAgain) expect(secondWaitMs).toBeGreaterThanOrEqual(REMINDER_AFTER_MINUTES * 60_000);
      const escalatedAgain = receiver.at('/leads').length - 1;
      if (escalatedAgain) expect(secondWaitMs).toBeGreaterThanOrEqual(ESCALATE_AFTER_MINUTES * 60_000);
      expect(ops.map((e) => [e.kind, e.stage])).toEqual([
        ['waiting', 'AwaitingTestApproval'],
        ['reminder', 'AwaitingTestApproval'],
        ['waiting', 'AwaitingFailoverApproval'],
        ...(remindedAgain ? [['reminder', 'AwaitingFailoverApproval']] : []),
        ['ended', 'Completed'],
      ]);
      expect(ops[0].awaiting?.decisions).toEqual(['approveTestFailover', 'requestRetest']);
      expect(ops[1].awaiting?.since).toBe(ops[0].awaiting?.since);
      expect(ops.every((e) => e.machineId === request.machineId && e.workflowId === handle.workflowId)).toBe(true);
      expect(new Set(ops.map((e) => e.id)).size).toBe(ops.length);
      // The failed first attempt and its retry carried the same delivery id.
      expect(receiver.at('/ops')[0].headers[WEBHOOK_HEADERS.delivery]).toBe(ops[0].id);
      expect(receiver.at('/ops').filter((d) => d.headers[WEBHOOK_HEADERS.delivery] === ops[0].id)).toHaveLength(2);

      const [escalation] = receiver.at('/leads').map((d) => eventOf(d, LEADS_SECRET));
      expect(escalation).toMatchObject({ kind: 'escalation', stage: 'AwaitingTestApproval' });
      // Bounded: two timers for the wait that lasted past both times, one for the short one (two if it was reminded);
      // one activity per event.
      expect(await historyOf(handle)).toEqual({ timers: 3 + Number(remindedAgain), notifies: 5 + Number(remindedAgain) + escalatedAgain });
    });
  });

  it('notifies a stalled initial sync and an aborted migration', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr, notifications: settings }, async ({ client, taskQueue }) => {
      const request = requestFor('physical-to-azure', {
        replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: TEST_STALL_AFTER_MINUTES },
      });
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');
      asr.setProgress(request.machineId, 30);
      await waitForStatus(handle, (s) => s.replication.stalled);
      await waitUntil(
        'the stall notification',
        async () => receiver.at('/ops').length,
        (n) => n === 1,
      );
      await handle.executeUpdate(DECISION_UPDATES.abortMigration, { args: [{ by: 'carol', reason: 'link saturated' }] });
      expect((await handle.result()).stage).toBe('Aborted');
      const kinds = receiver.at('/ops').map((d) => eventOf(d, OPS_SECRET));
      expect(kinds.map((e) => [e.kind, e.stage])).toEqual([
        ['stalled', 'InitialReplication'],
        ['ended', 'Aborted'],
      ]);
      expect(kinds[0].summary).toContain('30%');
    });
  });

  it('schedules no notification and no timer when no webhook is configured', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
      await handle.result();
      expect(await historyOf(handle)).toEqual({ timers: 0, notifies: 0 });
      expect(receiver.received).toEqual([]);
    });
  });
});
