import { DEFAULT_DECISION_POLICY, type DecisionPolicy } from '../common/decision-policy';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { decisionPolicyActivity } from './decision-policy';
import { failoverActivities } from './failover';
import { findReplicationActivity } from './find-replication';
import { checkInitialReplicationActivity } from './initial-replication';
import { preflightActivity } from './preflight';
import { replicationActivities } from './replication';

/**
 * The activities of `migrateMachine`: Site Recovery through one interface, and the worker's decision policy
 * (four-eyes on, decisions unsigned, unless configured otherwise).
 */
export function createActivities(siteRecovery: SiteRecovery, policy: DecisionPolicy = DEFAULT_DECISION_POLICY) {
  return {
    decisionPolicy: decisionPolicyActivity(policy),
    preflight: preflightActivity(siteRecovery),
    checkInitialReplication: checkInitialReplicationActivity(siteRecovery),
    findReplication: findReplicationActivity(siteRecovery),
    ...replicationActivities(siteRecovery),
    ...failoverActivities(siteRecovery),
  };
}

export type MigrationActivities = ReturnType<typeof createActivities>;
export type { InitialReplicationCheck, InitialReplicationObservation } from './initial-replication';
export type { FailoverResult } from './failover';
