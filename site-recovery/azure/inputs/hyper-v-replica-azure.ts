import type { HyperVReplicaAzureEnableProtectionInput } from '@azure/arm-recoveryservices-siterecovery';
import {
  PRIMARY_TO_RECOVERY,
  targetVmName,
  type ProviderInputs,
  type RequestOf,
  testFailoverIntoTestNetwork,
  unplannedFailoverWithSourceSiteOperations,
} from './provider-inputs';

type HyperVRequest = RequestOf<'hyperv-to-azure'>;

/** Hyper-V (with or without VMM) to Azure, replicating to managed disks. */
export const hyperVReplicaAzureInputs: ProviderInputs<HyperVRequest> = {
  enable(request, context) {
    const details: HyperVReplicaAzureEnableProtectionInput = {
      instanceType: 'HyperVReplicaAzure',
      hvHostVmId: request.source.protectableItemName,
      vmName: request.displayName,
      osType: request.source.osType,
      targetAzureVmName: targetVmName(request),
      targetAzureV2ResourceGroupId: request.target.resourceGroupId,
      targetAzureNetworkId: request.target.virtualNetworkId,
      targetAzureSubnetId: request.target.subnetName,
      targetVmSize: request.target.vmSize,
      useManagedDisks: 'true',
      useManagedDisksForReplication: 'true',
      diskType: request.target.diskType,
      logStorageAccountId: context.cacheStorageAccountId,
    };
    return { properties: { policyId: context.policyId, protectableItemId: context.protectableItemId, providerSpecificDetails: details } };
  },

  testFailover(request, recoveryPointId) {
    return testFailoverIntoTestNetwork(request, { instanceType: 'HyperVReplicaAzure', recoveryPointId });
  },

  plannedFailover(_request, recoveryPointId) {
    return {
      properties: {
        failoverDirection: PRIMARY_TO_RECOVERY,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId },
      },
    };
  },

  unplannedFailover(_request, context) {
    return unplannedFailoverWithSourceSiteOperations(context, {
      instanceType: 'HyperVReplicaAzure',
      recoveryPointId: context.recoveryPointId,
    });
  },
};
