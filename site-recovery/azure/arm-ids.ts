import type { VaultRef } from '../../common/migration-request';
import type { ReplicatedItemRef } from '../site-recovery';

export function vaultId(vault: VaultRef): string {
  return `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault.name}`;
}

export function policyId(vault: VaultRef, policyName: string): string {
  return `${vaultId(vault)}/replicationPolicies/${policyName}`;
}

export function protectionContainerId(vault: VaultRef, fabricName: string, containerName: string): string {
  return `${vaultId(vault)}/replicationFabrics/${fabricName}/replicationProtectionContainers/${containerName}`;
}

export function protectableItemId(vault: VaultRef, fabricName: string, containerName: string, itemName: string): string {
  return `${protectionContainerId(vault, fabricName, containerName)}/replicationProtectableItems/${itemName}`;
}

export function protectedItemId(item: ReplicatedItemRef): string {
  return `${protectionContainerId(item.vault, item.fabricName, item.protectionContainerName)}/replicationProtectedItems/${item.replicatedItemName}`;
}

export function virtualMachineId(resourceGroupId: string, vmName: string): string {
  return `${resourceGroupId.replace(/\/+$/, '')}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

/** The last segment of an ARM id, ignoring a query string. */
export function lastSegment(id: string): string {
  return id.split('?')[0].replace(/\/+$/, '').split('/').pop() ?? '';
}

/** ARM ids compare case-insensitively (ASR itself answers with "/Subscriptions/..."). */
export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}
