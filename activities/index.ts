import type { DisasterRecovery } from '../site-recovery/disaster-recovery';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { failoverActivities } from './failover';
import { findReplicationActivity } from './find-replication';
import { checkInitialReplicationActivity } from './initial-replication';
import { preflightActivity, protectionPreflightActivity } from './preflight';
import { protectionActivities } from './protection';
import { protectionNotificationActivities } from './protection-notifications';
import { replicationActivities } from './replication';

/**
 * The activities of `migrateMachine` and `protectMachine`, all calling Site Recovery through one interface
 * (its disaster-recovery half where the adapter has it).
 */
export function createActivities(siteRecovery: SiteRecovery & Partial<DisasterRecovery>) {
  return {
    preflight: preflightActivity(siteRecovery),
    protectionPreflight: protectionPreflightActivity(siteRecovery),
    checkInitialReplication: checkInitialReplicationActivity(siteRecovery),
    findReplication: findReplicationActivity(siteRecovery),
    ...replicationActivities(siteRecovery),
    ...failoverActivities(siteRecovery),
    ...protectionActivities(siteRecovery),
    ...protectionNotificationActivities(),
  };
}

export type MigrationActivities = ReturnType<typeof createActivities>;
export type { InitialReplicationCheck, InitialReplicationObservation } from './initial-replication';
export type { FailoverResult } from './failover';
export type { ProtectionBand, ProtectionObservation, ProtectionWatch } from './protection';
export type { ProtectionAlert } from './protection-notifications';
