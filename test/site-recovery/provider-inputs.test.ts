import { REPLICATION_PROVIDER, SCENARIOS, supportsMultiVmGroup, type MigrationRequest } from '../../common/migration-request';
import { providerInputsFor } from '../../site-recovery/azure/inputs';
import { parsedRequestFor } from '../support/requests';

const context = {
  policyId: '/subscriptions/s/resourceGroups/rg-asr/providers/Microsoft.RecoveryServices/vaults/vault1/replicationPolicies/policy-24h',
  protectableItemId: 'protectable-id',
  recoveryContainerId: 'recovery-container-id',
  cacheStorageAccountId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/cache1',
};

describe('provider-specific inputs', () => {
  it.each(SCENARIOS)('%s uses its ASR provider in every body', (scenario) => {
    const request = parsedRequestFor(scenario);
    const inputs = providerInputsFor(request);
    const provider = REPLICATION_PROVIDER[scenario];
    expect(inputs.enable(request, context).properties?.providerSpecificDetails?.instanceType).toBe(provider);
    expect(inputs.testFailover(request, undefined).properties.providerSpecificDetails?.instanceType).toBe(provider);
    expect(inputs.unplannedFailover(request, { shutdownSource: true }).properties.providerSpecificDetails?.instanceType).toBe(provider);
    expect(inputs.enable(request, context).properties?.policyId).toBe(context.policyId);
  });

  it('test failover always goes to the isolated test network, never production', () => {
    for (const scenario of SCENARIOS) {
      const request = parsedRequestFor(scenario);
      const body = providerInputsFor(request).testFailover(request, undefined);
      expect(body.properties.networkId).toBe(request.target.testVirtualNetworkId);
      expect(body.properties.networkType).toBe('VmNetworkAsInput');
      expect(body.properties.failoverDirection).toBe('PrimaryToRecovery');
    }
  });

  it.each(SCENARIOS.filter(supportsMultiVmGroup))(
    '%s enable names the multi-VM group of the request, and none when it names none',
    (scenario) => {
      const grouped = parsedRequestFor(scenario, { multiVmGroupName: 'db-tier' });
      const details = (request: MigrationRequest) =>
        providerInputsFor(request).enable(request, context).properties?.providerSpecificDetails as { multiVmGroupName?: string };
      expect(details(grouped).multiVmGroupName).toBe('db-tier');
      expect(details(parsedRequestFor(scenario)).multiVmGroupName).toBeUndefined();
    },
  );

  it('Hyper-V enable never names a multi-VM group (HyperVReplicaAzure has none)', () => {
    const request = { ...parsedRequestFor('hyperv-to-azure'), multiVmGroupName: 'forced' };
    expect(providerInputsFor(request).enable(request, context).properties?.providerSpecificDetails).not.toHaveProperty('multiVmGroupName');
  });

  it('only Hyper-V offers a planned failover', () => {
    const planned = SCENARIOS.filter((scenario) => providerInputsFor(parsedRequestFor(scenario)).plannedFailover !== undefined);
    expect(planned).toEqual(['hyperv-to-azure']);
  });

  it('Hyper-V enable names the protectable item, the target network and managed disks', () => {
    const request = parsedRequestFor('hyperv-to-azure', { displayName: 'Machine hyperv-to-azure' });
    const body = providerInputsFor(request).enable(request, context);
    expect(body.properties?.protectableItemId).toBe('protectable-id');
    expect(body.properties?.providerSpecificDetails).toMatchObject({
      instanceType: 'HyperVReplicaAzure',
      hvHostVmId: 'vm-guid-1',
      targetAzureV2ResourceGroupId: request.target.resourceGroupId,
      targetAzureNetworkId: request.target.virtualNetworkId,
      targetAzureVmName: 'Machine hyperv-to-azure',
      diskType: 'StandardSSD_LRS',
      logStorageAccountId: context.cacheStorageAccountId,
    });
  });

  it('InMageRcm enable carries the appliance discovery id, process server, and the run-as account for VMware only', () => {
    const vmware = parsedRequestFor('vmware-to-azure');
    const aws = parsedRequestFor('aws-to-azure');
    const vmwareBody = providerInputsFor(vmware).enable(vmware, context).properties?.providerSpecificDetails;
    const awsBody = providerInputsFor(aws).enable(aws, context).properties?.providerSpecificDetails;
    expect(vmwareBody).toMatchObject({
      fabricDiscoveryMachineId: 'disc-1',
      processServerId: 'ps-1',
      runAsAccountId: 'runas-1',
      testNetworkId: vmware.target.testVirtualNetworkId,
    });
    expect(awsBody).toMatchObject({ fabricDiscoveryMachineId: 'disc-3', runAsAccountId: undefined });
    expect(awsBody).toMatchObject({ disksDefault: { logStorageAccountId: context.cacheStorageAccountId, diskType: 'StandardSSD_LRS' } });
  });

  it('A2A enable points at the source VM and the recovery container', () => {
    const request = parsedRequestFor('azure-to-azure');
    expect(providerInputsFor(request).enable(request, context).properties?.providerSpecificDetails).toMatchObject({
      instanceType: 'A2A',
      fabricObjectId: request.scenario === 'azure-to-azure' ? request.source.sourceVmId : '',
      recoveryContainerId: 'recovery-container-id',
      recoveryResourceGroupId: request.target.resourceGroupId,
    });
  });

  it('names every managed disk of an Azure VM with its staging account and target disk type', () => {
    const request = parsedRequestFor('azure-to-azure');
    if (request.scenario !== 'azure-to-azure') throw new Error('expected an Azure request');
    const details = providerInputsFor(request).enable(request, context).properties?.providerSpecificDetails as {
      vmManagedDisks?: unknown[];
    };
    expect(details.vmManagedDisks).toEqual(
      (request.source.managedDiskIds ?? []).map((diskId) => ({
        diskId,
        primaryStagingAzureStorageAccountId: request.source.stagingStorageAccountId,
        recoveryResourceGroupId: request.target.resourceGroupId,
        recoveryReplicaDiskAccountType: request.target.diskType,
        recoveryTargetDiskAccountType: request.target.diskType,
      })),
    );
    expect(details.vmManagedDisks).toHaveLength(2);
  });

  it('sends no vmManagedDisks for a migration started before Azure requests named their disks', () => {
    const current = parsedRequestFor('azure-to-azure');
    if (current.scenario !== 'azure-to-azure') throw new Error('expected an Azure request');
    const { managedDiskIds: _disks, stagingStorageAccountId: _staging, ...legacySource } = current.source;
    const legacy = { ...current, source: legacySource };
    const details = providerInputsFor(legacy).enable(legacy, context).properties?.providerSpecificDetails as { vmManagedDisks?: unknown[] };
    expect(details.vmManagedDisks).toBeUndefined();
  });

  it('maps "shut the source down" to each provider\'s own switch', () => {
    const inMage = parsedRequestFor('physical-to-azure');
    const a2a = parsedRequestFor('azure-to-azure');
    expect(providerInputsFor(inMage).unplannedFailover(inMage, { shutdownSource: false }).properties.providerSpecificDetails).toMatchObject(
      { performShutdown: 'false' },
    );
    expect(providerInputsFor(inMage).unplannedFailover(inMage, { shutdownSource: true }).properties.providerSpecificDetails).toMatchObject({
      performShutdown: 'true',
    });
    expect(providerInputsFor(a2a).unplannedFailover(a2a, { shutdownSource: true }).properties.sourceSiteOperations).toBe('Required');
    expect(providerInputsFor(a2a).unplannedFailover(a2a, { shutdownSource: false, recoveryPointId: 'rp1' }).properties).toMatchObject({
      sourceSiteOperations: 'NotRequired',
      providerSpecificDetails: { recoveryPointId: 'rp1' },
    });
  });
});
