import type {
  A2AReplicationDetails,
  HyperVReplicaAzureReplicationDetails,
  InMageRcmReplicationDetails,
  Policy,
  ReplicationProtectedItem,
} from '@azure/arm-recoveryservices-siterecovery';
import { DEFAULT_RPO_THRESHOLD_SECONDS, type DrStage, type ProtectionSnapshot } from '../disaster-recovery';
import { toReplicationSnapshot } from './replication-snapshot';

/** Maps ASR's protected item (and its policy, for the RPO threshold) to what DR activities read. */
export function toProtectionSnapshot(item: ReplicationProtectedItem, policy: Policy | undefined): ProtectionSnapshot {
  const properties = item.properties ?? {};
  const rpo = rpoOf(item);
  const thresholdMinutes = (policy?.properties?.providerSpecificDetails as { recoveryPointThresholdInMinutes?: number } | undefined)
    ?.recoveryPointThresholdInMinutes;
  return {
    ...toReplicationSnapshot(item),
    provider: properties.providerSpecificDetails?.instanceType ?? 'Unknown',
    activeLocation: properties.activeLocation ?? 'Unknown',
    stage: stageOf(item),
    rpoSeconds: rpo.seconds,
    rpoCalculatedAt: rpo.calculatedAt?.toISOString(),
    lastRecoveryPointAt: rpo.lastRecoveryPointAt?.toISOString(),
    rpoThresholdSeconds: thresholdMinutes && thresholdMinutes > 0 ? thresholdMinutes * 60 : DEFAULT_RPO_THRESHOLD_SECONDS,
    rpoThresholdSource: thresholdMinutes && thresholdMinutes > 0 ? 'policy' : 'default',
    lastFailoverAt: properties.lastSuccessfulFailoverTime?.toISOString(),
    failoverRecoveryPointId: properties.failoverRecoveryPointId,
  };
}

const FAILOVER_PENDING_COMMIT = new Set(['PlannedFailoverCommitRequired', 'UnplannedFailoverCommitPendingStatesBegin']);
const FAILOVER_COMMITTED = new Set(['PlannedFailoverStatesBegin', 'UnplannedFailoverStatesBegin']);

/** The DR stage from ASR's provider, protectionState and activeLocation (a failback is a planned failover to Primary). */
export function stageOf(item: ReplicationProtectedItem): DrStage {
  const properties = item.properties ?? {};
  const state = properties.protectionState ?? '';
  const atPrimary = properties.activeLocation === 'Primary';
  if (state === 'InitialReplicationInProgress') return 'InitialReplication';
  if (state === 'Protected')
    return properties.providerSpecificDetails?.instanceType === 'InMageRcmFailback' ? 'ReverseProtected' : 'Protected';
  if (FAILOVER_PENDING_COMMIT.has(state)) return atPrimary ? 'FailedBack' : 'FailedOver';
  if (FAILOVER_COMMITTED.has(state)) return atPrimary ? 'FailbackCommitted' : 'FailoverCommitted';
  return 'Transitioning';
}

/** Each provider reports the RPO in its own fields; InMageRcmFailback (replicating to on-premises) reports none. */
function rpoOf(item: ReplicationProtectedItem): { seconds?: number; calculatedAt?: Date; lastRecoveryPointAt?: Date } {
  const details = item.properties?.providerSpecificDetails;
  switch (details?.instanceType) {
    case 'HyperVReplicaAzure': {
      const d = details as HyperVReplicaAzureReplicationDetails;
      return { seconds: d.rpoInSeconds, calculatedAt: d.lastRpoCalculatedTime, lastRecoveryPointAt: d.lastRecoveryPointReceived };
    }
    case 'InMageRcm': {
      const d = details as InMageRcmReplicationDetails;
      return { seconds: d.lastRpoInSeconds, calculatedAt: d.lastRpoCalculatedTime, lastRecoveryPointAt: d.lastRecoveryPointReceived };
    }
    case 'A2A': {
      const d = details as A2AReplicationDetails;
      return { seconds: d.rpoInSeconds, calculatedAt: d.lastRpoCalculatedTime };
    }
    default:
      return {};
  }
}
