import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowKind } from '../common/ids';
import type { MigrationRequest } from '../common/migration-request';
import type { NotificationPolicy } from '../common/notification-policy';
import type { NotificationSettings } from '../config/notifications';
import type { PreflightReport, SiteRecovery } from '../site-recovery/site-recovery';
import { refuseIfAlreadyMigrated } from './completed-migration';
import { whileHeartbeating } from './heartbeating';
import { refuseIfRunning } from './machine-busy';
import { translatingErrors } from './to-application-failure';

/** The checks, and what the migration learns of its worker's configuration (common/notification-policy.ts). */
export interface PreflightAnswer extends PreflightReport {
  notifications?: NotificationPolicy;
}

/** The policy a migration follows: none unless a webhook or escalation recipient is configured. */
function notificationPolicyOf(settings: NotificationSettings): NotificationPolicy | undefined {
  if (settings.webhooks.length === 0 && settings.escalation.length === 0) return undefined;
  return { reminderAfterMs: settings.reminderAfterMinutes * 60_000, escalateAfterMs: settings.escalateAfterMinutes * 60_000 };
}

/**
 * The preflight of a workflow of one kind, which refuses while the other kind runs for the machine: a
 * migration checks that no protection runs, and a protection that no migration does. A migration's answer
 * also carries the worker's notification policy.
 */
function preflightFor(siteRecovery: SiteRecovery, otherKind: WorkflowKind, notifications?: NotificationSettings) {
  const policy = notifications && notificationPolicyOf(notifications);
  /**
   * Fails (not retryable) with AlreadyMigrated when an earlier run of this machine's migration completed, with
   * MachineBusy while the other kind of workflow runs for the machine, or with a message naming every missing
   * or misconfigured resource. Heartbeats throughout.
   */
  return async function preflight(request: MigrationRequest): Promise<PreflightAnswer> {
    const context = Context.current();
    return whileHeartbeating(
      () => context.heartbeat(),
      async () => {
        await refuseIfAlreadyMigrated(context.client, request.machineId);
        await refuseIfRunning(context.client, otherKind, request.machineId);
        const report = await translatingErrors(() => siteRecovery.preflight(request));
        const failed = report.checks.filter((check) => !check.ok);
        if (failed.length > 0) {
          const lines = failed.map((check) => `${check.resource} '${check.name}': ${check.message ?? 'missing'}`);
          throw ApplicationFailure.create({
            type: 'PreflightFailed',
            message: `Preflight failed for ${request.machineId}: ${lines.join('; ')}`,
            nonRetryable: true,
            details: [report],
          });
        }
        return policy ? { ...report, notifications: policy } : report;
      },
    );
  };
}

/** migrateMachine's preflight. */
export function preflightActivity(siteRecovery: SiteRecovery, notifications?: NotificationSettings) {
  return preflightFor(siteRecovery, 'protectMachine', notifications);
}

/** protectMachine's preflight (the same checks, refused while the machine is being migrated). */
export function protectionPreflightActivity(siteRecovery: SiteRecovery) {
  return preflightFor(siteRecovery, 'migrateMachine');
}
