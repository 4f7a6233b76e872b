import { ArmError, notFound } from '../http/errors';
import { sameName, type VaultScope } from '../http/resource-ids';
import {
  PROVIDER_OF_FABRIC,
  type ContainerSpec,
  type FabricSpec,
  type Inventory,
  type MachineSpec,
  type NetworkSpec,
  type PolicySpec,
  type Provider,
} from './inventory';

/** Case-insensitive look-ups in the inventory, throwing ARM 404s that say what is missing and where. */
export class Topology {
  readonly scope: VaultScope;
  /** Machines by how requests name them (lower-cased key of fabric, container, field, value): the first one wins, as a scan would find. */
  private readonly machines = new Map<string, MachineSpec>();

  constructor(readonly inventory: Inventory) {
    this.scope = { subscriptionId: inventory.subscriptionId, resourceGroup: inventory.resourceGroup, vault: inventory.vault };
    for (const fabric of inventory.fabrics) {
      for (const container of fabric.containers) {
        for (const machine of container.machines) {
          for (const field of MACHINE_NAMES) {
            const key = machineKey(fabric.name, container.name, field, machine[field]);
            if (key !== undefined && !this.machines.has(key)) this.machines.set(key, machine);
          }
        }
      }
    }
  }

  /** The machine of the container whose name (or discovery machine id, or VM id) is `value`, in any case. */
  machineIn(fabric: FabricSpec, container: ContainerSpec, field: MachineName, value: string | undefined): MachineSpec | undefined {
    const key = machineKey(fabric.name, container.name, field, value);
    return key === undefined ? undefined : this.machines.get(key);
  }

  /** Checks the subscription / resource group / vault part of a request path. */
  checkVault(scope: VaultScope): void {
    this.checkSubscription(scope.subscriptionId);
    if (!sameName(scope.resourceGroup, this.scope.resourceGroup)) {
      throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${scope.resourceGroup}' could not be found.`);
    }
    if (!sameName(scope.vault, this.scope.vault)) {
      throw notFound(
        `The Resource 'Microsoft.RecoveryServices/vaults/${scope.vault}' under resource group '${scope.resourceGroup}' was not found.`,
      );
    }
  }

  checkSubscription(subscriptionId: string): void {
    if (!sameName(subscriptionId, this.scope.subscriptionId)) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    }
  }

  fabric(name: string): FabricSpec {
    const fabric = this.inventory.fabrics.find((f) => sameName(f.name, name));
    if (!fabric) throw notFound(`The replication fabric '${name}' was not found in vault '${this.scope.vault}'.`, 'FabricNotFound');
    return fabric;
  }

  container(fabricName: string, name: string): { fabric: FabricSpec; container: ContainerSpec } {
    const fabric = this.fabric(fabricName);
    const container = fabric.containers.find((c) => sameName(c.name, name));
    if (!container)
      throw notFound(`The protection container '${name}' was not found in fabric '${fabric.name}'.`, 'ProtectionContainerNotFound');
    return { fabric, container };
  }

  machine(fabricName: string, containerName: string, name: string): { fabric: FabricSpec; container: ContainerSpec; machine: MachineSpec } {
    const { fabric, container } = this.container(fabricName, containerName);
    const machine = this.machineIn(fabric, container, 'name', name);
    if (!machine)
      throw notFound(
        `The protectable item '${name}' was not found in protection container '${container.name}' of fabric '${fabric.name}'.`,
        'ProtectableItemNotFound',
      );
    return { fabric, container, machine };
  }

  policy(name: string): PolicySpec {
    const policy = this.inventory.policies.find((p) => sameName(p.name, name));
    if (!policy) throw notFound(`The replication policy '${name}' was not found in vault '${this.scope.vault}'.`, 'PolicyNotFound');
    return policy;
  }

  network(fabricName: string, name: string): { fabric: FabricSpec; network: NetworkSpec } {
    const fabric = this.fabric(fabricName);
    const network = fabric.networks.find((n) => sameName(n.name, name));
    if (!network) throw notFound(`The network '${name}' was not found in fabric '${fabric.name}'.`, 'NetworkNotFound');
    return { fabric, network };
  }

  providerOf(fabric: FabricSpec): Provider {
    return PROVIDER_OF_FABRIC[fabric.type];
  }
}

const MACHINE_NAMES = ['name', 'discoveryMachineId', 'vmId'] as const;
type MachineName = (typeof MACHINE_NAMES)[number];

function machineKey(fabric: string, container: string, field: MachineName, value: string | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify([fabric, container, field, value]).toLowerCase();
}
