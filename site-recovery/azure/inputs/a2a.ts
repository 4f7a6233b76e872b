import type { A2AEnableProtectionInput } from '@azure/arm-recoveryservices-siterecovery';
import { PRIMARY_TO_RECOVERY, type ProviderInputs, type RequestOf } from './provider-inputs';

type AzureRequest = RequestOf<'azure-to-azure'>;

/** Azure VM in a source region to a recovery region. */
export const a2aInputs: ProviderInputs<AzureRequest> = {
  enable(request, context) {
    const details: A2AEnableProtectionInput = {
      instanceType: 'A2A',
      fabricObjectId: request.source.sourceVmId,
      recoveryContainerId: context.recoveryContainerId,
      recoveryResourceGroupId: request.target.resourceGroupId,
      recoveryAzureNetworkId: request.target.virtualNetworkId,
      recoverySubnetName: request.target.subnetName,
    };
    return { properties: { policyId: context.policyId, providerSpecificDetails: details } };
  },

  testFailover(request, recoveryPointId) {
    return {
      properties: {
        failoverDirection: PRIMARY_TO_RECOVERY,
        networkType: 'VmNetworkAsInput',
        networkId: request.target.testVirtualNetworkId,
        providerSpecificDetails: { instanceType: 'A2A', recoveryPointId },
      },
    };
  },

  unplannedFailover(_request, context) {
    return {
      properties: {
        failoverDirection: PRIMARY_TO_RECOVERY,
        sourceSiteOperations: context.shutdownSource ? 'Required' : 'NotRequired',
        providerSpecificDetails: { instanceType: 'A2A', recoveryPointId: context.recoveryPointId },
      },
    };
  },
};
