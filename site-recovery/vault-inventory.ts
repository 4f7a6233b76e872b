import type { VaultRef } from '../common/migration-request';

/**
 * The read-only inventory port: what a planner needs to know about a vault and the subscription's Azure VMs to
 * turn machine names into migration requests. Implemented by the Azure adapter on the official SDKs
 * (`@azure/arm-recoveryservices-siterecovery`, `@azure/arm-compute`), against Azure or the emulator. Every list
 * is read to its last page (nextLink). Nothing here changes anything.
 */
export interface VaultInventory {
  /** Fabrics with their containers, discovered machines, mappings, process servers and run-as accounts; policies; network mappings; protected items. */
  readVault(vault: VaultRef): Promise<VaultSnapshot>;
  /** The Azure VMs of a subscription with their managed disks and power state (Compute API). */
  listAzureVms(subscriptionId: string): Promise<AzureVmSummary[]>;
}

/** ASR fabric kinds as its customDetails name them (others are kept as ASR says them). */
export type FabricKind = 'HyperVSite' | 'VMM' | 'InMageRcm' | 'Azure' | (string & {});

export interface VaultSnapshot {
  fabrics: FabricSummary[];
  policies: PolicySummary[];
  networkMappings: NetworkMappingSummary[];
  /** Every replication protected item of the vault, with the source machine it protects where ASR says it. */
  protectedItems: ProtectedItemSummary[];
}

export interface FabricSummary {
  name: string;
  kind: FabricKind;
  /** Azure fabrics: the region. */
  location?: string;
  /** InMageRcm: the appliance's process servers. */
  processServers: { id: string; name: string; healthy: boolean }[];
  /** InMageRcm: the vCenter credentials the appliance holds, when ASR lists them. */
  runAsAccounts: { id: string; name: string }[];
  /** InMageRcm: the Azure Migrate sites the appliance discovers through (a machine's id is `<site>/machines/<name>`). */
  vmwareSiteId?: string;
  physicalSiteId?: string;
  containers: ContainerSummary[];
}

export interface ContainerSummary {
  name: string;
  mappings: ContainerMappingSummary[];
  /** The protectable items (discovered machines) of the container. */
  machines: DiscoveredMachine[];
}

export interface ContainerMappingSummary {
  name: string;
  policyName: string;
  /** "Paired" when usable. */
  state?: string;
  targetFabricName?: string;
  targetContainerName?: string;
}

export interface DiscoveredMachine {
  /** The protectable item name (Hyper-V VM id, or the appliance's machine name). */
  name: string;
  friendlyName: string;
  /** "Protected" or "Unprotected". */
  protectionStatus: string;
  protectedItemId?: string;
  /** As ASR reports it: "Windows", "Linux", or anything else it discovered. */
  osType?: string;
  /** InMageRcm: false when the appliance sees the machine powered off. */
  poweredOn?: boolean;
  /** InMageRcm: "VMware" or "Physical". */
  discoveryType?: string;
  readinessErrors: string[];
}

export interface PolicySummary {
  name: string;
  /** The replication provider, e.g. "HyperVReplicaAzure", "InMageRcm", "A2A". */
  provider?: string;
}

export interface NetworkMappingSummary {
  fabricName: string;
  networkName: string;
  mappingName: string;
  /** The Azure virtual network the source network maps to. */
  recoveryNetworkId?: string;
}

export interface ProtectedItemSummary {
  id: string;
  name: string;
  fabricName: string;
  containerName: string;
  /** The source machine as the provider names it: the protectable item id (Hyper-V), fabricDiscoveryMachineId (InMageRcm), the VM id (A2A). */
  sourceId?: string;
}

export interface AzureVmSummary {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  vmSize?: string;
  osType?: string;
  /** e.g. "running", "deallocated", "stopped" (from PowerState/...); undefined when unknown. */
  powerState?: string;
  provisioningState?: string;
  /** The OS disk first, then the data disks. */
  managedDiskIds: string[];
}
