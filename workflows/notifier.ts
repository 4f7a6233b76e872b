import { ActivityCancellationType, CancellationScope, condition, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { NotificationEvent, NotificationKind } from '../common/notification-event';
import type { NotificationPolicy } from '../common/notification-policy';
import type { Stage } from '../common/stages';
import type { MigrationActivities } from '../activities';
import { nowIso } from './migration-state';

/**
 * Deliveries retry with backoff for up to an hour; a receiver that stays down does not hold a migration's end
 * longer than that.
 */
const deliveries = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 hour',
  heartbeatTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.TRY_CANCEL,
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Tells the people who must act (config/notifications.ts): a wait for a decision starts, lasts past the
 * reminder and escalation times, replication stalls, the migration ends. The migration never waits on a
 * delivery except at its end, and a failed delivery never fails it. Per wait: one activity per event and at
 * most two timers, so reminders add a bounded number of history events.
 */
export class Notifier {
  private sent = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private policy?: NotificationPolicy;

  constructor(
    private readonly machineId: string,
    private readonly stage: () => Stage,
  ) {}

  /** From the preflight answer; until then (and when absent) nothing is sent. */
  learn(policy: NotificationPolicy | undefined): void {
    this.policy = policy;
  }

  /** Whether anything is sent: a policy was learned. */
  get sends(): boolean {
    return this.policy !== undefined;
  }

  /** Waits until `decided`, sending waiting, then reminder and escalation when the wait lasts past their times. */
  waitForDecision(decided: () => boolean, decisions: readonly string[]): Promise<void> {
    // Not async: without a policy this is the one condition (each async layer costs the worker promises).
    const { policy } = this;
    if (!policy || decided()) return condition(decided);
    return this.waitAndRemind(policy, decided, decisions);
  }

  private async waitAndRemind(policy: NotificationPolicy, decided: () => boolean, decisions: readonly string[]): Promise<void> {
    const since = nowIso();
    const awaiting = { decisions: [...decisions], since };
    const stage = this.stage();
    this.send('waiting', `${this.machineId} waits in ${stage} for ${decisions.join(' or ')}`, awaiting);
    if (await condition(decided, policy.reminderAfterMs)) return;
    this.send('reminder', `${this.machineId} has waited in ${stage} since ${since} for ${decisions.join(' or ')}`, awaiting);
    if (await condition(decided, policy.escalateAfterMs - policy.reminderAfterMs)) return;
    this.send('escalation', `${this.machineId} has waited in ${stage} since ${since} for ${decisions.join(' or ')}: escalated`, awaiting);
    await condition(decided);
  }

  stalled(summary: string): void {
    this.send('stalled', summary);
  }

  /** Sends `ended` and waits (bounded by the deliveries' schedule-to-close) for every delivery still going. */
  async ended(summary: string): Promise<void> {
    if (!this.policy) return;
    this.send('ended', summary);
    await condition(() => this.inFlight.size === 0);
  }

  private send(kind: NotificationKind, summary: string, awaiting?: NotificationEvent['awaiting']): void {
    if (!this.policy) return;
    const { workflowId, runId } = workflowInfo();
    const event: NotificationEvent = {
      kind,
      id: `${workflowId}/${runId}/${++this.sent}`,
      workflowId,
      machineId: this.machineId,
      stage: this.stage(),
      at: nowIso(),
      ...(awaiting ? { awaiting } : {}),
      summary,
    };
    // Not cancelled with the migration's steps: an abort is news too.
    const delivery = CancellationScope.nonCancellable(() => deliveries.notify(event)).then(
      () => undefined,
      () => undefined, // Delivery failures are the receiver's: recorded in the activity's failure, never the migration's.
    );
    this.inFlight.add(delivery);
    void delivery.then(() => this.inFlight.delete(delivery));
  }
}
