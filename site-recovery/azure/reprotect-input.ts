import type { ReplicationProtectedItem, ReverseReplicationInput } from '@azure/arm-recoveryservices-siterecovery';
import { SiteRecoveryError, type ReplicatedItemRef } from '../site-recovery';
import { protectionContainerId } from './arm-ids';

/**
 * Reprotect (reverse replication) after a failover, for the failback work to come.
 * InMageRcm needs an on-premises agent, datastore and log storage account that siteshift does not know yet.
 */
export function reprotectInputFor(ref: ReplicatedItemRef, item: ReplicationProtectedItem): ReverseReplicationInput {
  const provider = item.properties?.providerSpecificDetails?.instanceType;
  switch (provider) {
    case 'A2A':
      return {
        properties: {
          failoverDirection: 'RecoveryToPrimary',
          providerSpecificDetails: {
            instanceType: 'A2A',
            recoveryContainerId: protectionContainerId(ref.vault, ref.fabricName, ref.protectionContainerName),
            policyId: item.properties?.policyId,
          },
        },
      };
    case 'HyperVReplicaAzure':
      return { properties: { failoverDirection: 'RecoveryToPrimary', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } };
    default:
      throw new SiteRecoveryError(
        'ReprotectNotSupported',
        `Reprotect of ${ref.replicatedItemName} (${provider ?? 'unknown provider'}) is not supported yet: InMageRcm failback needs an on-premises appliance, datastore and log storage account`,
        { retryable: false },
      );
  }
}
