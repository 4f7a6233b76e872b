import type {
  A2AReplicationDetails,
  HyperVReplicaAzureReplicationDetails,
  InMageRcmReplicationDetails,
  ReplicationProtectedItem,
} from '@azure/arm-recoveryservices-siterecovery';
import type { ReplicationSnapshot } from '../site-recovery';

/** Maps ASR's protected item to the snapshot activities read. */
export function toReplicationSnapshot(item: ReplicationProtectedItem): ReplicationSnapshot {
  const properties = item.properties ?? {};
  const protectionState = properties.protectionState ?? 'Unknown';
  const complete = initialSyncComplete(item);
  return {
    protectionState,
    replicationHealth: properties.replicationHealth ?? 'Unknown',
    initialSyncPercent: complete ? 100 : clampPercent(providerProgress(item)),
    initialSyncComplete: complete,
    testFailoverState: properties.testFailoverState ?? 'None',
    allowedOperations: properties.allowedOperations ?? [],
    healthErrors: (properties.healthErrors ?? []).map((error) => ({
      code: error.errorCode ?? 'Unknown',
      message: error.summaryMessage ?? error.errorMessage ?? error.recommendedAction ?? '',
    })),
  };
}

/** Protected (or already failed over, which only happens after the initial sync). */
function initialSyncComplete(item: ReplicationProtectedItem): boolean {
  const properties = item.properties ?? {};
  return properties.protectionState === 'Protected' || properties.activeLocation === 'Recovery';
}

/** Each provider reports initial replication progress in its own field. */
export function providerProgress(item: ReplicationProtectedItem): number | undefined {
  const details = item.properties?.providerSpecificDetails;
  switch (details?.instanceType) {
    case 'HyperVReplicaAzure': {
      const percent = (details as HyperVReplicaAzureReplicationDetails).initialReplicationDetails?.initialReplicationProgressPercentage;
      return percent === undefined ? undefined : Number.parseFloat(percent);
    }
    case 'InMageRcm':
      return (details as InMageRcmReplicationDetails).initialReplicationProgressPercentage;
    case 'A2A':
      return (details as A2AReplicationDetails).monitoringPercentageCompletion;
    default:
      return undefined;
  }
}

function clampPercent(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}
