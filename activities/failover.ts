import { failoverTypeFor, type MigrationRequest } from '../common/migration-request';
import type { ReplicatedItemRef, SiteRecovery } from '../site-recovery/site-recovery';
import { runResumableOperation } from './resumable-operation';

export interface FailoverResult {
  type: 'planned' | 'unplanned';
  targetVmId: string;
}

export function failoverActivities(siteRecovery: SiteRecovery) {
  return {
    async runTestFailover(item: ReplicatedItemRef, request: MigrationRequest): Promise<{ testVmId: string }> {
      return runResumableOperation((op) => siteRecovery.testFailover(item, request, op));
    },

    async cleanupTestFailover(item: ReplicatedItemRef, comments: string): Promise<void> {
      return runResumableOperation((op) => siteRecovery.cleanupTestFailover(item, comments, op));
    },

    /** The failover the scenario allows: planned for Hyper-V, otherwise ASR's single unplanned failover. */
    async failOver(item: ReplicatedItemRef, request: MigrationRequest): Promise<FailoverResult> {
      const type = failoverTypeFor(request.scenario);
      const { targetVmId } = await runResumableOperation((op) =>
        type === 'planned'
          ? siteRecovery.plannedFailover(item, request, op)
          : siteRecovery.unplannedFailover(item, request.failover, request, op),
      );
      return { type, targetVmId };
    },
  };
}
