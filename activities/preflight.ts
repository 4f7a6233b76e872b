import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MigrationRequest } from '../common/migration-request';
import type { PreflightReport, SiteRecovery } from '../site-recovery/site-recovery';
import { refuseIfAlreadyMigrated } from './completed-migration';
import { whileHeartbeating } from './heartbeating';
import { translatingErrors } from './to-application-failure';

export function preflightActivity(siteRecovery: SiteRecovery) {
  /**
   * Fails (not retryable) with AlreadyMigrated when an earlier run of this machine's migration completed, or
   * with a message naming every missing or misconfigured resource. Heartbeats throughout.
   */
  return async function preflight(request: MigrationRequest): Promise<PreflightReport> {
    const context = Context.current();
    return whileHeartbeating(
      () => context.heartbeat(),
      async () => {
        await refuseIfAlreadyMigrated(context.client, request.machineId);
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
