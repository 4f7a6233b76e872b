import { NO_NOTIFICATIONS, type NotificationSettings } from '../config/notifications';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { failoverActivities } from './failover';
import { findReplicationActivity } from './find-replication';
import { checkInitialReplicationActivity } from './initial-replication';
import { notifyActivity } from './notify';
import { preflightActivity } from './preflight';
import { replicationActivities } from './replication';

export interface ActivitySettings {
  /** Webhooks, reminder and escalation times (SITESHIFT_NOTIFICATIONS_FILE); none by default. */
  notifications?: NotificationSettings;
}

/** The activities of `migrateMachine`, calling Site Recovery through one interface and notifying webhooks. */
export function createActivities(siteRecovery: SiteRecovery, { notifications = NO_NOTIFICATIONS }: ActivitySettings = {}) {
  return {
    preflight: preflightActivity(siteRecovery, notifications),
    notify: notifyActivity(notifications),
    checkInitialReplication: checkInitialReplicationActivity(siteRecovery),
    findReplication: findReplicationActivity(siteRecovery),
    ...replicationActivities(siteRecovery),
    ...failoverActivities(siteRecovery),
  };
}

export type MigrationActivities = ReturnType<typeof createActivities>;
export type { InitialReplicationCheck, InitialReplicationObservation } from './initial-replication';
export type { FailoverResult } from './failover';
export type { PreflightAnswer } from './preflight';
