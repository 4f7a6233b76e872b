import type { ReplicationProtectedItem, ReverseReplicationInput } from '@azure/arm-recoveryservices-siterecovery';
import type { ReprotectInput } from '../disaster-recovery';
import { SiteRecoveryError, type ReplicatedItemRef } from '../site-recovery';
import { policyId, protectionContainerId } from './arm-ids';
import { PRIMARY_TO_RECOVERY } from './inputs';
import { stageOf } from './protection-snapshot';

const RECOVERY_TO_PRIMARY = 'RecoveryToPrimary';

/**
 * Reprotect (reverse replication), its input chosen by the item's provider and stage:
 * - A2A after its committed failover: to the recovery container it now runs from.
 * - HyperVReplicaAzure after its committed failback: to Azure again (as ASR's Reprotect example).
 * - InMageRcm after its committed failover: Azure -> on-premises, through the appliance's reprotect agent (input.onPremises).
 * - InMageRcmFailback after its committed failback: to Azure again, through a process server (input.toAzure).
 */
export function reprotectInputFor(
  ref: ReplicatedItemRef,
  item: ReplicationProtectedItem,
  input: ReprotectInput = {},
): ReverseReplicationInput {
  const provider = item.properties?.providerSpecificDetails?.instanceType;
  switch (provider) {
    case 'A2A':
      return {
        properties: {
          failoverDirection: RECOVERY_TO_PRIMARY,
          providerSpecificDetails: {
            instanceType: 'A2A',
            recoveryContainerId: protectionContainerId(ref.vault, ref.fabricName, ref.protectionContainerName),
            policyId: item.properties?.policyId,
          },
        },
      };
    case 'HyperVReplicaAzure':
      return { properties: { failoverDirection: PRIMARY_TO_RECOVERY, providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } };
    case 'InMageRcm': {
      const onPremises =
        input.onPremises ?? missing(ref, 'onPremises', 'the on-premises appliance (reprotect agent), datastore and log storage');
      return {
        properties: {
          failoverDirection: RECOVERY_TO_PRIMARY,
          providerSpecificDetails: {
            instanceType: 'InMageRcm',
            reprotectAgentId: onPremises.reprotectAgentId,
            datastoreName: onPremises.datastoreName,
            logStorageAccountId: onPremises.logStorageAccountId,
            policyId: onPremises.policyName ? policyId(ref.vault, onPremises.policyName) : undefined,
          },
        },
      };
    }
    case 'InMageRcmFailback': {
      const toAzure = input.toAzure ?? missing(ref, 'toAzure', 'the process server and replication policy to protect it to Azure with');
      return {
        properties: {
          failoverDirection: PRIMARY_TO_RECOVERY,
          providerSpecificDetails: {
            instanceType: 'InMageRcmFailback',
            processServerId: toAzure.processServerId,
            runAsAccountId: toAzure.runAsAccountId,
            policyId: policyId(ref.vault, toAzure.policyName),
          },
        },
      };
    }
    default:
      throw new SiteRecoveryError(
        'ReprotectNotSupported',
        `Reprotect of ${ref.replicatedItemName} is not supported for provider ${provider ?? 'unknown'} (stage ${stageOf(item)})`,
        { retryable: false },
      );
  }
}

function missing(ref: ReplicatedItemRef, field: keyof ReprotectInput, what: string): never {
  throw new SiteRecoveryError(
    'ReprotectInputMissing',
    `Reprotect of ${ref.replicatedItemName} needs ${field}: ${what}. InMageRcm machines fail back through an on-premises appliance (DisasterRecovery.reprotect).`,
    { retryable: false },
  );
}
