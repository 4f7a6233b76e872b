import type {
  ApplyRecoveryPointInput,
  PlannedFailoverInput,
  ReplicationProtectedItem,
  UnplannedFailoverInput,
} from '@azure/arm-recoveryservices-siterecovery';
import type { FailbackInput } from '../disaster-recovery';
import { SiteRecoveryError, type ReplicatedItemRef } from '../site-recovery';
import { PRIMARY_TO_RECOVERY } from './inputs';
import { inMageRcmUnplannedFailover } from './inputs/in-mage-rcm';
import { unplannedFailoverWithSourceSiteOperations } from './inputs/provider-inputs';

/**
 * The failover, failback and change-of-recovery-point bodies of a protected item, built from the provider ASR reports
 * for it (a DR request names the item, not a migration request).
 */

function providerOf(item: ReplicationProtectedItem): string {
  return item.properties?.providerSpecificDetails?.instanceType ?? 'unknown';
}

function unsupported(ref: ReplicatedItemRef, code: string, what: string, provider: string): never {
  throw new SiteRecoveryError(code, `${what} of ${ref.replicatedItemName} is not supported for ${provider} replication`, {
    retryable: false,
  });
}

/** Planned failover to Azure: HyperVReplicaAzure only (source shut down, final sync). */
export function plannedFailoverInputFor(
  ref: ReplicatedItemRef,
  item: ReplicationProtectedItem,
  recoveryPointId?: string,
): PlannedFailoverInput {
  const provider = providerOf(item);
  if (provider !== 'HyperVReplicaAzure') unsupported(ref, 'PlannedFailoverNotSupported', 'Planned failover', provider);
  return {
    properties: {
      failoverDirection: PRIMARY_TO_RECOVERY,
      providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId },
    },
  };
}

export function unplannedFailoverInputFor(
  ref: ReplicatedItemRef,
  item: ReplicationProtectedItem,
  context: { recoveryPointId?: string; shutdownSource: boolean },
): UnplannedFailoverInput {
  const provider = providerOf(item);
  switch (provider) {
    case 'HyperVReplicaAzure':
    case 'A2A':
      return unplannedFailoverWithSourceSiteOperations(context, { instanceType: provider, recoveryPointId: context.recoveryPointId });
    case 'InMageRcm':
      return inMageRcmUnplannedFailover(context);
    default:
      return unsupported(ref, 'UnplannedFailoverNotSupported', 'Failover', provider);
  }
}

/** Failback: a planned failover RecoveryToPrimary with the provider's failback input. */
export function failbackInputFor(ref: ReplicatedItemRef, item: ReplicationProtectedItem, input: FailbackInput): PlannedFailoverInput {
  const provider = providerOf(item);
  if (input.provider === 'HyperVReplicaAzure') {
    if (provider !== 'HyperVReplicaAzure') unsupported(ref, 'FailbackInputMismatch', 'A Hyper-V failback', provider);
    return {
      properties: {
        failoverDirection: 'RecoveryToPrimary',
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzureFailback',
          dataSyncOption: input.dataSync,
          recoveryVmCreationOption: input.alternateLocation ? 'CreateVmIfNotFound' : 'NoAction',
          providerIdForAlternateRecovery: input.alternateLocation?.providerId,
        },
      },
    };
  }
  // InMageRcm fails back once reprotected to on-premises, when ASR reports it as InMageRcmFailback.
  if (provider !== 'InMageRcmFailback' && provider !== 'InMageRcm')
    unsupported(ref, 'FailbackInputMismatch', 'An InMageRcm failback', provider);
  return {
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: { instanceType: 'InMageRcmFailback', recoveryPointType: input.recoveryPointType },
    },
  };
}

export function applyRecoveryPointInputFor(
  ref: ReplicatedItemRef,
  item: ReplicationProtectedItem,
  recoveryPointId: string,
): ApplyRecoveryPointInput {
  const provider = providerOf(item);
  switch (provider) {
    case 'HyperVReplicaAzure':
      return { properties: { recoveryPointId, providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } };
    case 'InMageRcm':
      return { properties: { recoveryPointId, providerSpecificDetails: { instanceType: 'InMageRcm', recoveryPointId } } };
    case 'A2A':
      return { properties: { recoveryPointId, providerSpecificDetails: { instanceType: 'A2A' } } };
    default:
      return unsupported(ref, 'ChangeRecoveryPointNotSupported', 'Changing the recovery point', provider);
  }
}
