import { createHash } from 'node:crypto';

/** ARM resource ids and types as ASR spells them, and the name helpers every layer uses. */

export interface VaultScope {
  subscriptionId: string;
  resourceGroup: string;
  vault: string;
}

/** ASR spells its ids with "/Subscriptions/" (see the API examples); clients must compare ids case-insensitively. */
export function vaultId(scope: VaultScope): string {
  return `/Subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${scope.vault}`;
}

export function fabricId(scope: VaultScope, fabric: string): string {
  return `${vaultId(scope)}/replicationFabrics/${fabric}`;
}

export function containerId(scope: VaultScope, fabric: string, container: string): string {
  return `${fabricId(scope, fabric)}/replicationProtectionContainers/${container}`;
}

export function protectedItemId(scope: VaultScope, fabric: string, container: string, item: string): string {
  return `${containerId(scope, fabric, container)}/replicationProtectedItems/${item}`;
}

export function protectableItemId(scope: VaultScope, fabric: string, container: string, item: string): string {
  return `${containerId(scope, fabric, container)}/replicationProtectableItems/${item}`;
}

export function networkId(scope: VaultScope, fabric: string, network: string): string {
  return `${fabricId(scope, fabric)}/replicationNetworks/${network}`;
}

export function policyId(scope: VaultScope, policy: string): string {
  return `${vaultId(scope)}/replicationPolicies/${policy}`;
}

export function jobId(scope: VaultScope, job: string): string {
  return `${vaultId(scope)}/replicationJobs/${job}`;
}

export const TYPES = {
  vault: 'Microsoft.RecoveryServices/vaults',
  fabric: 'Microsoft.RecoveryServices/vaults/replicationFabrics',
  container: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers',
  containerMapping:
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings',
  protectableItem: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems',
  protectedItem: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems',
  policy: 'Microsoft.RecoveryServices/vaults/replicationPolicies',
  network: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationNetworks',
  networkMapping: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationNetworks/replicationNetworkMappings',
  job: 'Microsoft.RecoveryServices/vaults/replicationJobs',
} as const;

/** The last segment of an ARM id (or the value itself when it has no slash). */
export function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? '';
}

/** Finds `/{segment}/{name}` in an id, case-insensitively. */
export function segmentValue(id: string, segment: string): string | undefined {
  const parts = id.split('/');
  const index = parts.findIndex((part) => part.toLowerCase() === segment.toLowerCase());
  return index >= 0 ? parts[index + 1] : undefined;
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function hex(text: string): string {
  return createHash('sha256').update(text.toLowerCase()).digest('hex');
}

/** A stable GUID-shaped name derived from text (ASR names its recovery points and hidden resources with GUIDs). */
export function stableGuid(text: string): string {
  const h = hex(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Replicating "to Azure", ASR still names a recovery fabric and container: hidden ones per region, a hash and a
 * GUID (see recoveryContainerId in the API examples). The friendly names stay "Microsoft Azure".
 */
export function azureRecoveryFabricName(scope: VaultScope, location: string): string {
  return hex(`${scope.subscriptionId}/${location}`);
}

export function azureRecoveryContainerId(scope: VaultScope, location: string): string {
  const fabric = azureRecoveryFabricName(scope, location);
  return containerId(scope, fabric, stableGuid(`${fabric}/container`));
}
