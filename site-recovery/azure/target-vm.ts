import type {
  A2AReplicationDetails,
  HyperVReplicaAzureReplicationDetails,
  InMageRcmReplicationDetails,
  ReplicationProtectedItem,
} from '@azure/arm-recoveryservices-siterecovery';
import type { MigrationRequest } from '../../common/migration-request';
import { virtualMachineId } from './arm-ids';
import { targetVmName } from './inputs';

/**
 * The Azure VM a failover created. A2A reports its id; HyperVReplicaAzure and InMageRcm report the target
 * resource group and VM name, from which the id follows. A test failover VM carries ASR's "-test" suffix.
 */
export function failoverVmId(item: ReplicationProtectedItem, request: MigrationRequest, kind: 'test' | 'failover'): string {
  const reported = reportedVm(item, kind);
  if (typeof reported === 'string') return reported;
  const name = reported.vmName ?? targetVmName(request);
  return virtualMachineId(reported.resourceGroupId ?? request.target.resourceGroupId, kind === 'test' ? `${name}-test` : name);
}

/** The VM id from the item alone; undefined when ASR reports neither it nor its resource group and name. */
export function reportedFailoverVmId(item: ReplicationProtectedItem, kind: 'test' | 'failover'): string | undefined {
  const reported = reportedVm(item, kind);
  if (typeof reported === 'string') return reported;
  if (!reported.resourceGroupId || !reported.vmName) return undefined;
  return virtualMachineId(reported.resourceGroupId, kind === 'test' ? `${reported.vmName}-test` : reported.vmName);
}

/** The id ASR reports (A2A), else the target resource group and VM name it reports. */
function reportedVm(item: ReplicationProtectedItem, kind: 'test' | 'failover'): string | { resourceGroupId?: string; vmName?: string } {
  const details = item.properties?.providerSpecificDetails;
  let resourceGroupId: string | undefined;
  let vmName: string | undefined;
  switch (details?.instanceType) {
    case 'A2A': {
      const a2a = details as A2AReplicationDetails;
      const reported = kind === 'test' ? a2a.testFailoverRecoveryFabricObjectId : a2a.recoveryFabricObjectId;
      if (reported) return reported;
      resourceGroupId = a2a.recoveryAzureResourceGroupId;
      vmName = a2a.recoveryAzureVMName;
      break;
    }
    case 'HyperVReplicaAzure': {
      const hyperV = details as HyperVReplicaAzureReplicationDetails;
      resourceGroupId = hyperV.recoveryAzureResourceGroupId;
      vmName = hyperV.recoveryAzureVmName;
      break;
    }
    case 'InMageRcm': {
      const inMage = details as InMageRcmReplicationDetails;
      resourceGroupId = inMage.targetResourceGroupId;
      vmName = inMage.targetVmName;
      break;
    }
  }
  return { resourceGroupId, vmName };
}
