/** Disaster recovery resources of the emulator's seeded inventory (emulator/inventory.json) that tests name. */

/** A storage account for the replication logs of a reprotect (any ARM id: the emulator does not look it up). */
export const LOG_STORAGE_ACCOUNT_ID =
  '/subscriptions/6f1c2b9a-5d3e-4c7f-9a8b-2e1d0c3b4a59/resourceGroups/rg-siteshift/providers/Microsoft.Storage/storageAccounts/asrlogs';

/** Reprotect agents: of the VMware appliance (vCenter vcenter01), and of the physical appliance's site, with and without a vCenter. */
export const REPROTECT_AGENTS = {
  vmware: { id: '3c1f8f2e-8c52-4a3b-9f0e-6b2d7c9a1e01', datastore: 'datastore-ssd-01' },
  physicalSite: { id: '7a4e2d10-1b6c-4f83-a5d9-0c8e3f2b6d02' },
  drSiteVmware: { id: '5d2b8e41-9c7a-4f10-b3e6-1a9d4c7f2e05', datastore: 'datastore-dr-01' },
} as const;
