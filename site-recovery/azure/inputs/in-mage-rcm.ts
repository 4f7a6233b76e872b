import type { InMageRcmEnableProtectionInput, UnplannedFailoverInput } from '@azure/arm-recoveryservices-siterecovery';
import {
  PRIMARY_TO_RECOVERY,
  targetVmName,
  type FailoverContext,
  type ProviderInputs,
  type RequestOf,
  testFailoverIntoTestNetwork,
} from './provider-inputs';

type InMageRcmRequest = RequestOf<'vmware-to-azure' | 'physical-to-azure' | 'aws-to-azure'>;

/** VMware, physical servers and AWS instances (as physical servers) through the replication appliance. */
export const inMageRcmInputs: ProviderInputs<InMageRcmRequest> = {
  enable(request, context) {
    const details: InMageRcmEnableProtectionInput = {
      instanceType: 'InMageRcm',
      fabricDiscoveryMachineId: request.source.fabricDiscoveryMachineId,
      processServerId: request.source.processServerId,
      runAsAccountId: request.scenario === 'vmware-to-azure' ? request.source.runAsAccountId : undefined,
      targetResourceGroupId: request.target.resourceGroupId,
      targetNetworkId: request.target.virtualNetworkId,
      targetSubnetName: request.target.subnetName,
      testNetworkId: request.target.testVirtualNetworkId,
      testSubnetName: request.target.subnetName,
      targetVmName: targetVmName(request),
      targetVmSize: request.target.vmSize,
      disksDefault: context.cacheStorageAccountId
        ? { logStorageAccountId: context.cacheStorageAccountId, diskType: request.target.diskType }
        : undefined,
      multiVmGroupName: request.multiVmGroupName,
    };
    return { properties: { policyId: context.policyId, providerSpecificDetails: details } };
  },

  testFailover(request, recoveryPointId) {
    return testFailoverIntoTestNetwork(request, {
      instanceType: 'InMageRcm',
      networkId: request.target.testVirtualNetworkId,
      recoveryPointId,
    });
  },

  unplannedFailover(_request, context) {
    return inMageRcmUnplannedFailover(context);
  },
};

/** InMageRcm shuts the source down through its Mobility agent (performShutdown), not sourceSiteOperations. */
export function inMageRcmUnplannedFailover(context: FailoverContext): UnplannedFailoverInput {
  return {
    properties: {
      failoverDirection: PRIMARY_TO_RECOVERY,
      providerSpecificDetails: {
        instanceType: 'InMageRcm',
        performShutdown: context.shutdownSource ? 'true' : 'false',
        recoveryPointId: context.recoveryPointId,
      },
    },
  };
}
