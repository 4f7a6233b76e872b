import type { VirtualMachine } from '@azure/arm-compute';
import type {
  A2AReplicationDetails,
  AzureFabricSpecificDetails,
  FabricSpecificDetailsUnion,
  HyperVVirtualMachineDetails,
  InMageRcmFabricSpecificDetails,
  InMageRcmReplicationDetails,
  ProtectableItem,
  ReplicationProtectedItem,
  SiteRecoveryManagementClient,
  VMwareVirtualMachineDetails,
} from '@azure/arm-recoveryservices-siterecovery';
import type { FullOperationResponse } from '@azure/core-client';
import type { VaultRef } from '../../common/migration-request';
import type {
  AzureVmSummary,
  ContainerSummary,
  DiscoveredMachine,
  FabricSummary,
  ProtectedItemSummary,
  VaultInventory,
  VaultSnapshot,
} from '../vault-inventory';
import { lastSegment } from './arm-ids';
import type { SiteRecoveryClients } from './client';
import { mappingErrors } from './errors';
import { settled } from '../settled';

/** Drains an SDK list: its iterator follows every nextLink. */
async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}

const segmentAfter = (id: string | undefined, segment: string): string | undefined => {
  const parts = (id ?? '').split('/');
  const index = parts.findIndex((part) => part.toLowerCase() === segment.toLowerCase());
  return index >= 0 ? parts[index + 1] : undefined;
};

/** The inventory port on the official SDKs: Site Recovery for the vault, Compute for the Azure VMs. */
export class AzureVaultInventory implements VaultInventory {
  constructor(private readonly clients: SiteRecoveryClients) {}

  readVault(vault: VaultRef): Promise<VaultSnapshot> {
    return mappingErrors(async () => {
      const client = this.clients.forSubscription(vault.subscriptionId);
      const v = [vault.name, vault.resourceGroup] as const;
      const runAsAccounts = new Map<string, { id: string; name: string }[]>();
      const [fabrics, policies, networkMappings, protectedItems] = await settled([
        // The SDK's InMageRcm model has no run-as accounts; ASR (and the emulator) list them in the raw body.
        all(client.replicationFabrics.list(...v, { onResponse: (raw) => collectRunAsAccounts(raw, runAsAccounts) })),
        all(client.replicationPolicies.list(...v)),
        all(client.replicationNetworkMappings.list(...v)),
        all(client.replicationProtectedItems.list(...v)),
      ]);
      return {
        fabrics: await settled(
          fabrics.map(async (fabric) => {
            const name = fabric.name ?? '';
            const details = fabric.properties?.customDetails;
            return {
              name,
              ...fabricDetails(details),
              runAsAccounts: runAsAccounts.get(name.toLowerCase()) ?? [],
              containers: await this.containers(client, vault, name, details?.instanceType === 'Azure'),
            };
          }),
        ),
        policies: policies.map((p) => ({ name: p.name ?? '', provider: p.properties?.providerSpecificDetails?.instanceType })),
        networkMappings: networkMappings.map((m) => ({
          fabricName: segmentAfter(m.id, 'replicationFabrics') ?? '',
          networkName: segmentAfter(m.id, 'replicationNetworks') ?? '',
          mappingName: m.name ?? '',
          recoveryNetworkId: m.properties?.recoveryNetworkId,
        })),
        protectedItems: protectedItems.map(protectedItemSummary),
      };
    });
  }

  private async containers(
    client: SiteRecoveryManagementClient,
    vault: VaultRef,
    fabric: string,
    azure: boolean,
  ): Promise<ContainerSummary[]> {
    const v = [vault.name, vault.resourceGroup] as const;
    const containers = await all(client.replicationProtectionContainers.listByReplicationFabrics(...v, fabric));
    return settled(
      containers.map(async (container) => {
        const name = container.name ?? '';
        const [mappings, items] = await settled([
          all(client.replicationProtectionContainerMappings.listByReplicationProtectionContainers(...v, fabric, name)),
          // Azure VMs are read from Compute (listAzureVms), not as protectable items.
          azure ? Promise.resolve([]) : all(client.replicationProtectableItems.listByReplicationProtectionContainers(...v, fabric, name)),
        ]);
        return {
          name,
          mappings: mappings.map((m) => ({
            name: m.name ?? '',
            policyName: lastSegment(m.properties?.policyId ?? ''),
            state: m.properties?.state,
            targetFabricName: segmentAfter(m.properties?.targetProtectionContainerId, 'replicationFabrics'),
            targetContainerName: segmentAfter(m.properties?.targetProtectionContainerId, 'replicationProtectionContainers'),
          })),
          machines: items.map(discoveredMachine),
        };
      }),
    );
  }

  listAzureVms(subscriptionId: string): Promise<AzureVmSummary[]> {
    return mappingErrors(async () => {
      const compute = this.clients.computeForSubscription(subscriptionId);
      // statusOnly: each VM comes with its instance view (power state), in the same pages.
      const vms = await all(compute.virtualMachines.listAll({ statusOnly: 'true' }));
      return vms.map(vmSummary);
    });
  }
}

function vmSummary(vm: VirtualMachine): AzureVmSummary {
  const storage = vm.storageProfile;
  const power = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
  const disks = [storage?.osDisk?.managedDisk?.id, ...(storage?.dataDisks ?? []).map((d) => d.managedDisk?.id)];
  return {
    id: vm.id ?? '',
    name: vm.name ?? '',
    resourceGroup: segmentAfter(vm.id, 'resourceGroups') ?? '',
    location: vm.location,
    vmSize: vm.hardwareProfile?.vmSize,
    osType: storage?.osDisk?.osType,
    provisioningState: vm.provisioningState,
    powerState: power?.slice('PowerState/'.length),
    managedDiskIds: disks.filter((id): id is string => !!id),
  };
}

function fabricDetails(details: FabricSpecificDetailsUnion | undefined): Omit<FabricSummary, 'name' | 'containers' | 'runAsAccounts'> {
  const kind = details?.instanceType ?? 'Unknown';
  if (details?.instanceType === 'InMageRcm') {
    const rcm = details as InMageRcmFabricSpecificDetails;
    return {
      kind,
      processServers: (rcm.processServers ?? []).map((ps) => ({
        id: ps.id ?? '',
        name: ps.name ?? '',
        healthy: ps.health === undefined || ps.health === 'Normal',
      })),
      vmwareSiteId: rcm.vmwareSiteId,
      physicalSiteId: rcm.physicalSiteId,
    };
  }
  if (details?.instanceType === 'Azure') return { kind, location: (details as AzureFabricSpecificDetails).location, processServers: [] };
  return { kind, processServers: [] };
}

function discoveredMachine(item: ProtectableItem): DiscoveredMachine {
  const props = item.properties;
  const custom = props?.customDetails;
  const base = {
    name: item.name ?? '',
    friendlyName: props?.friendlyName ?? item.name ?? '',
    protectionStatus: props?.protectionStatus ?? 'Unknown',
    protectedItemId: props?.replicationProtectedItemId,
    readinessErrors: props?.protectionReadinessErrors ?? [],
  };
  switch (custom?.instanceType) {
    case 'HyperVVirtualMachine':
    case 'VmmVirtualMachine':
      return { ...base, osType: (custom as HyperVVirtualMachineDetails).osDetails?.osType };
    case 'VMwareVirtualMachine': {
      const vmware = custom as VMwareVirtualMachineDetails;
      return {
        ...base,
        osType: vmware.osType,
        discoveryType: vmware.discoveryType,
        poweredOn: vmware.poweredOn === undefined ? undefined : vmware.poweredOn.toLowerCase() === 'true',
      };
    }
    default:
      return base;
  }
}

function protectedItemSummary(item: ReplicationProtectedItem): ProtectedItemSummary {
  const details = item.properties?.providerSpecificDetails;
  const sourceId =
    details?.instanceType === 'InMageRcm'
      ? (details as InMageRcmReplicationDetails).fabricDiscoveryMachineId
      : details?.instanceType === 'A2A'
        ? (details as A2AReplicationDetails).fabricObjectId
        : item.properties?.protectableItemId;
  return {
    id: item.id ?? '',
    name: item.name ?? '',
    fabricName: segmentAfter(item.id, 'replicationFabrics') ?? '',
    containerName: segmentAfter(item.id, 'replicationProtectionContainers') ?? '',
    sourceId,
  };
}

/** Collects `customDetails.runAsAccounts` of each fabric of a page, as ASR sent them. */
function collectRunAsAccounts(raw: FullOperationResponse, into: Map<string, { id: string; name: string }[]>): void {
  const body = raw.parsedBody as { value?: { name?: string; properties?: { customDetails?: { runAsAccounts?: unknown } } }[] } | undefined;
  for (const fabric of body?.value ?? []) {
    const accounts = fabric.properties?.customDetails?.runAsAccounts;
    if (!fabric.name || !Array.isArray(accounts)) continue;
    into.set(
      fabric.name.toLowerCase(),
      accounts
        .map((a: { accountId?: unknown; accountName?: unknown }) => ({ id: String(a.accountId ?? ''), name: String(a.accountName ?? '') }))
        .filter((a) => a.id !== ''),
    );
  }
}
