import { TYPES, vaultId, type VaultScope } from '../http/resource-ids';
import type { Inventory } from '../model/inventory';

/** The vault and its health (always healthy). */

export function renderVault(scope: VaultScope, inventory: Inventory) {
  return {
    id: vaultId(scope),
    name: scope.vault,
    type: TYPES.vault,
    location: inventory.location,
    sku: { name: 'Standard' },
    properties: { provisioningState: 'Succeeded' },
  };
}

export function renderVaultHealth(scope: VaultScope) {
  return {
    id: `${vaultId(scope)}/replicationVaultHealth/default`,
    name: 'default',
    type: 'Microsoft.RecoveryServices/vaults/replicationVaultHealth',
    properties: { vaultErrors: [], protectedItemsHealth: { issues: [] }, fabricsHealth: { issues: [] }, containersHealth: { issues: [] } },
  };
}
