import { NO_NOTIFICATIONS, type NotificationSettings } from '../config/notifications';
import { DEFAULT_DECISION_POLICY, type DecisionPolicy } from '../common/decision-policy';
import type { DisasterRecovery } from '../site-recovery/disaster-recovery';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { decisionPolicyActivity } from './decision-policy';
import { failoverActivities } from './failover';
import { findReplicationActivity } from './find-replication';
import { checkInitialReplicationActivity } from './initial-replication';
import { notifyActivity } from './notify';
import { preflightActivity, protectionPreflightActivity } from './preflight';
import { protectionActivities } from './protection';
import { protectionNotificationActivities } from './protection-notifications';
import { replicationActivities } from './replication';
import { waveActivities } from './wave';

export interface ActivitySettings {
  /** Webhooks, reminder and escalation times (SITESHIFT_NOTIFICATIONS_FILE); none by default. */
  notifications?: NotificationSettings;
  /** Four-eyes and the signed decisions' public key; four-eyes on, decisions unsigned by default. */
  decisionPolicy?: DecisionPolicy;
}

/**
 * The activities of `migrateMachine`, `protectMachine` and `migrateWave`: Site Recovery through one interface
 * (its disaster-recovery half where the adapter has it), the worker's decision policy, and webhook notifications.
 */
export function createActivities(
  siteRecovery: SiteRecovery & Partial<DisasterRecovery>,
  { notifications = NO_NOTIFICATIONS, decisionPolicy = DEFAULT_DECISION_POLICY }: ActivitySettings = {},
) {
  return {
    decisionPolicy: decisionPolicyActivity(decisionPolicy),
    preflight: preflightActivity(siteRecovery, notifications),
    notify: notifyActivity(notifications),
    protectionPreflight: protectionPreflightActivity(siteRecovery),
    checkInitialReplication: checkInitialReplicationActivity(siteRecovery),
    findReplication: findReplicationActivity(siteRecovery),
    ...replicationActivities(siteRecovery),
    ...failoverActivities(siteRecovery),
    ...waveActivities,
    ...protectionActivities(siteRecovery),
    ...protectionNotificationActivities(notifications),
  };
}

export type MigrationActivities = ReturnType<typeof createActivities>;
export type { InitialReplicationCheck, InitialReplicationObservation } from './initial-replication';
export type { FailoverResult } from './failover';
export type { PreflightAnswer } from './preflight';
export type { ProtectionBand, ProtectionObservation, ProtectionWatch } from './protection';
export type { ProtectionAlert } from './protection-notifications';
