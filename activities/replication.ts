import type { MigrationRequest } from '../common/migration-request';
import type { ReplicatedItem, ReplicatedItemRef, SiteRecovery } from '../site-recovery/site-recovery';
import { runResumableOperation } from './resumable-operation';

export function replicationActivities(siteRecovery: SiteRecovery) {
  return {
    /** Enables replication, or adopts the protected item when it exists already. */
    async enableReplication(request: MigrationRequest): Promise<ReplicatedItem> {
      return runResumableOperation((op) => siteRecovery.enableReplication(request, op));
    },

    /** Abort path: removes replication; reports whether anything was there to remove. */
    async removeReplication(item: ReplicatedItemRef): Promise<{ removed: boolean }> {
      return runResumableOperation((op) => siteRecovery.removeReplication(item, op));
    },

    /** "Complete Migration": disables protection with reason MigrationComplete, which ends ASR billing. */
    async completeMigration(item: ReplicatedItemRef): Promise<void> {
      return runResumableOperation((op) => siteRecovery.completeMigration(item, op));
    },
  };
}
