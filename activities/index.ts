import type { SiteRecovery } from '../site-recovery/site-recovery';
import { failoverActivities } from './failover';
import { findReplicationActivity } from './find-replication';
import { checkInitialReplicationActivity } from './initial-replication';
import { preflightActivity } from './preflight';
import { replicationActivities } from './replication';
import { waveActivities } from './wave';

/** The activities of `migrateMachine`, all calling Site Recovery through one interface. */
export function createActivities(siteRecovery: SiteRecovery) {
  return {
    preflight: preflightActivity(siteRecovery),
    checkInitialReplication: checkInitialReplicationActivity(siteRecovery),
    findReplication: findReplicationActivity(siteRecovery),
    ...replicationActivities(siteRecovery),
    ...failoverActivities(siteRecovery),
    ...waveActivities,
  };
}

export type MigrationActivities = ReturnType<typeof createActivities>;
export type { InitialReplicationCheck, InitialReplicationObservation } from './initial-replication';
export type { FailoverResult } from './failover';
