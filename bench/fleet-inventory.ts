import { readFileSync } from 'node:fs';
import { DEFAULT_INVENTORY_PATH, SAMPLE_REQUESTS_PATH } from '../emulator';
import type { MigrationRequestInput } from '../common/migration-request';

const TEMPLATE_SAMPLE = 'vmware';

interface InventoryMachine {
  name: string;
  discoveryMachineId: string;
  friendlyName: string;
  discoveryType: string;
  osType?: string;
  disks: { name: string; sizeGB: number }[];
}

/**
 * The seeded inventory with `count` extra VMware VMs of `diskGB` each, and one migration request per VM
 * (built from the VMware sample request), so a fleet can be migrated against the emulator.
 */
export function fleetInventory(count: number, diskGB: number, runTag: string) {
  const inventory = JSON.parse(readFileSync(DEFAULT_INVENTORY_PATH, 'utf8'));
  const sample = JSON.parse(readFileSync(SAMPLE_REQUESTS_PATH, 'utf8'))[TEMPLATE_SAMPLE].request as MigrationRequestInput & {
    source: { fabricName: string; protectionContainerName: string; fabricDiscoveryMachineId: string };
  };
  const fabric = inventory.fabrics.find((f: { name: string }) => f.name === sample.source.fabricName);
  const container = fabric.containers.find((c: { name: string }) => c.name === sample.source.protectionContainerName);
  const discoveryPrefix = sample.source.fabricDiscoveryMachineId.replace(/[^/]+$/, '');

  const requests: MigrationRequestInput[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-${runTag}-${String(i).padStart(4, '0')}`;
    const machine: InventoryMachine = {
      name,
      discoveryMachineId: `${discoveryPrefix}${name}`,
      friendlyName: name.toUpperCase(),
      discoveryType: 'VMware',
      osType: 'Linux',
      disks: [{ name: `${name}_1.vmdk`, sizeGB: diskGB }],
    };
    container.machines.push(machine);
    requests.push({
      ...sample,
      machineId: name,
      displayName: machine.friendlyName,
      wave: `bench-${runTag}`,
      source: { ...sample.source, fabricDiscoveryMachineId: machine.discoveryMachineId },
      target: { ...sample.target, vmName: name },
      replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 60 },
    } as MigrationRequestInput);
  }
  return { inventory, requests };
}
