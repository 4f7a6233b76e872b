import type { FailoverType, MigrationRequest } from '../common/migration-request';
import type { ReplicatedItemRef, SiteRecovery } from '../site-recovery/site-recovery';
import { runResumableOperation } from './resumable-operation';

export interface FailoverResult {
  type: FailoverType;
  targetVmId: string;
}

/*
 * runTestFailover and failOver keep the item argument that recorded histories pass (activity inputs must
 * stay compatible with running migrations); the port finds the item from the request.
 */

export function failoverActivities(siteRecovery: SiteRecovery) {
  return {
    async runTestFailover(_item: ReplicatedItemRef, request: MigrationRequest): Promise<{ testVmId: string }> {
      return runResumableOperation((op) => siteRecovery.testFailover(request, op));
    },

    async cleanupTestFailover(item: ReplicatedItemRef, comments: string): Promise<void> {
      return runResumableOperation((op) => siteRecovery.cleanupTestFailover(item, comments, op));
    },

    /** The failover the scenario allows (the port decides: planned for Hyper-V, otherwise unplanned). */
    async failOver(_item: ReplicatedItemRef, request: MigrationRequest): Promise<FailoverResult> {
      return runResumableOperation((op) => siteRecovery.failOver(request, op));
    },
  };
}
