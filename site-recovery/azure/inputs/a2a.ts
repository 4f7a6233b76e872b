import type { A2AEnableProtectionInput } from '@azure/arm-recoveryservices-siterecovery';
import { type ProviderInputs, type RequestOf, testFailoverIntoTestNetwork, unplannedFailoverWithSourceSiteOperations } from './provider-inputs';

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
    return testFailoverIntoTestNetwork(request, { instanceType: 'A2A', recoveryPointId });
  },

  unplannedFailover(_request, context) {
    return unplannedFailoverWithSourceSiteOperations(context, { instanceType: 'A2A', recoveryPointId: context.recoveryPointId });
  },
};
