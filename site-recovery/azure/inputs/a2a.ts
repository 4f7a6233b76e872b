import type { A2AEnableProtectionInput, A2AVmManagedDiskInputDetails } from '@azure/arm-recoveryservices-siterecovery';
import {
  type ProviderInputs,
  type RequestOf,
  testFailoverIntoTestNetwork,
  unplannedFailoverWithSourceSiteOperations,
} from './provider-inputs';

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
      vmManagedDisks: managedDisks(request),
      // The name only: multiVmGroupId is optional in the API, and ASR gives the group its id when it creates it.
      multiVmGroupName: request.multiVmGroupName,
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

/** Every managed disk of the VM with its staging account; absent for migrations started before disks were required. */
function managedDisks(request: AzureRequest): A2AVmManagedDiskInputDetails[] | undefined {
  const { managedDiskIds, stagingStorageAccountId } = request.source;
  if (!managedDiskIds || !stagingStorageAccountId) return undefined;
  return managedDiskIds.map((diskId) => ({
    diskId,
    primaryStagingAzureStorageAccountId: stagingStorageAccountId,
    recoveryResourceGroupId: request.target.resourceGroupId,
    recoveryReplicaDiskAccountType: request.target.diskType,
    recoveryTargetDiskAccountType: request.target.diskType,
  }));
}
