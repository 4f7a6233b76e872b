import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowKind } from '../common/ids';
import type { MigrationRequest } from '../common/migration-request';
import type { PreflightReport, SiteRecovery } from '../site-recovery/site-recovery';
import { refuseIfAlreadyMigrated } from './completed-migration';
import { whileHeartbeating } from './heartbeating';
import { refuseIfRunning } from './machine-busy';
import { translatingErrors } from './to-application-failure';

/**
 * The preflight of a workflow of one kind, which refuses while the other kind runs for the machine: a
 * migration checks that no protection runs, and a protection that no migration does.
 */
function preflightFor(siteRecovery: SiteRecovery, otherKind: WorkflowKind) {
  /**
   * Fails (not retryable) with AlreadyMigrated when an earlier run of this machine's migration completed, with
   * MachineBusy while the other kind of workflow runs for the machine, or with a message naming every missing
   * or misconfigured resource. Heartbeats throughout.
   */
  return async function preflight(request: MigrationRequest): Promise<PreflightReport> {
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
        return report;
      },
    );
  };
}

/** migrateMachine's preflight. */
export function preflightActivity(siteRecovery: SiteRecovery) {
  return preflightFor(siteRecovery, 'protectMachine');
}

/** protectMachine's preflight (the same checks, refused while the machine is being migrated). */
export function protectionPreflightActivity(siteRecovery: SiteRecovery) {
  return preflightFor(siteRecovery, 'migrateMachine');
}
