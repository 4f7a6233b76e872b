import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The emulator's seeded topology: one vault with its fabrics, protection containers, container mappings,
 * replication policies, networks and network mappings, and the discovered machines. Users edit it as JSON.
 */

export const PROVIDERS = ['HyperVReplicaAzure', 'InMageRcm', 'A2A'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** ASR fabric types, and which replication provider protects machines of each. */
export const FABRIC_TYPES = ['HyperVSite', 'VMM', 'InMageRcm', 'Azure'] as const;
export type FabricType = (typeof FABRIC_TYPES)[number];
export const PROVIDER_OF_FABRIC: Record<FabricType, Provider> = {
  HyperVSite: 'HyperVReplicaAzure',
  VMM: 'HyperVReplicaAzure',
  InMageRcm: 'InMageRcm',
  Azure: 'A2A',
};

const name = z.string().trim().min(1);

const DiskSchema = z.object({ name, sizeGB: z.number().positive() }).strict();

const JobErrorSchema = z.object({ code: name, message: name }).strict();

const MachineSchema = z
  .object({
    /** The protectable item name. For InMageRcm and A2A it must be the last segment of discoveryMachineId / vmId. */
    name,
    friendlyName: name.optional(),
    osType: z.enum(['Windows', 'Linux']).default('Windows'),
    disks: z.array(DiskSchema).min(1),
    /** Replication bandwidth of this machine; defaults to the emulator's bandwidth option. */
    bandwidthMbps: z.number().positive().optional(),
    /** VMM: the VM network the machine is attached to. */
    network: name.optional(),
    /** InMageRcm: the ARM id of the machine as discovered by the appliance (Microsoft.OffAzure). */
    discoveryMachineId: name.optional(),
    /** InMageRcm: how the appliance discovered it. AWS instances are discovered as physical servers. */
    discoveryType: z.enum(['VMware', 'Physical']).optional(),
    /** A2A: the source VM's ARM id. */
    vmId: name.optional(),
    /** A deliberately broken machine: its enable-replication job fails with this ASR error. */
    enableJobError: JobErrorSchema.optional(),
  })
  .strict();

const ContainerMappingSchema = z
  .object({
    name,
    policy: name,
    /** Omitted for replication to Azure ("Microsoft Azure"); A2A maps to a container of the recovery fabric. */
    targetFabric: name.optional(),
    targetContainer: name.optional(),
  })
  .strict();

const ContainerSchema = z
  .object({
    name,
    friendlyName: name.optional(),
    mappings: z.array(ContainerMappingSchema).default([]),
    machines: z.array(MachineSchema).default([]),
  })
  .strict();

const NetworkMappingSchema = z
  .object({
    name,
    /** An Azure virtual network id (VMM to Azure), or the recovery fabric + network (Azure to Azure). */
    recoveryNetworkId: name,
    recoveryFabric: name.optional(),
  })
  .strict();

const NetworkSchema = z
  .object({
    name,
    friendlyName: name.optional(),
    mappings: z.array(NetworkMappingSchema).default([]),
  })
  .strict();

const FabricSchema = z
  .object({
    name,
    friendlyName: name.optional(),
    type: z.enum(FABRIC_TYPES),
    /** Azure fabrics: the region. */
    location: name.optional(),
    /** InMageRcm fabrics: the appliance's process servers and the vCenter credentials it holds. */
    processServers: z.array(z.object({ id: name, name }).strict()).default([]),
    runAsAccounts: z.array(z.object({ id: name, name }).strict()).default([]),
    /**
     * InMageRcm fabrics: the appliance's reprotect agents, which receive a failback (Azure -> on-premises). An agent
     * with a vCenter fails back to a VMware VM on one of its datastores; one without (a physical site) cannot receive one.
     */
    reprotectAgents: z
      .array(z.object({ id: name, name, vCenterId: name.optional(), datastores: z.array(name).default([]) }).strict())
      .default([]),
    containers: z.array(ContainerSchema).default([]),
    networks: z.array(NetworkSchema).default([]),
  })
  .strict();

const PolicySchema = z
  .object({
    name,
    provider: z.enum(PROVIDERS),
    recoveryPointHistoryMinutes: z.number().int().nonnegative().default(1440),
    appConsistentFrequencyMinutes: z.number().int().nonnegative().default(240),
    /** How often a crash-consistent recovery point is taken (A2A and InMageRcm policies report it). */
    crashConsistentFrequencyMinutes: z.number().int().positive().default(5),
    /** RPO above which ongoing replication turns Warning (Critical above twice that). */
    rpoThresholdMinutes: z.number().int().positive().default(30),
  })
  .strict();

export const InventorySchema = z
  .object({
    subscriptionId: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be a subscription GUID'),
    resourceGroup: name,
    vault: name,
    location: name,
    policies: z.array(PolicySchema),
    fabrics: z.array(FabricSchema),
  })
  .strict();

export type Inventory = z.infer<typeof InventorySchema>;
export type FabricSpec = z.infer<typeof FabricSchema>;
export type ContainerSpec = z.infer<typeof ContainerSchema>;
export type MachineSpec = z.infer<typeof MachineSchema>;
export type PolicySpec = z.infer<typeof PolicySchema>;
export type NetworkSpec = z.infer<typeof NetworkSchema>;

export class InvalidInventoryError extends Error {
  constructor(source: string, problems: string[]) {
    super(`Invalid emulator inventory ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidInventoryError';
  }
}

export function loadInventory(path: string): Inventory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidInventoryError(path, [`cannot read it as JSON: ${(error as Error).message}`]);
  }
  return parseInventory(raw, path);
}

export function parseInventory(raw: unknown, source = '(inline)'): Inventory {
  const result = InventorySchema.safeParse(raw);
  if (!result.success) {
    throw new InvalidInventoryError(
      source,
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems = crossReferenceProblems(result.data);
  if (problems.length > 0) throw new InvalidInventoryError(source, problems);
  return result.data;
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? '';
}

function crossReferenceProblems(inventory: Inventory): string[] {
  const problems: string[] = [];
  const policies = new Map(inventory.policies.map((p) => [p.name.toLowerCase(), p]));
  const fabrics = new Map(inventory.fabrics.map((f) => [f.name.toLowerCase(), f]));
  const seenMachines = new Set<string>();
  for (const fabric of inventory.fabrics) {
    const provider = PROVIDER_OF_FABRIC[fabric.type];
    const where = `fabric '${fabric.name}'`;
    if (fabric.type === 'Azure' && !fabric.location) problems.push(`${where}: an Azure fabric needs a location`);
    for (const container of fabric.containers) {
      const at = `${where}, container '${container.name}'`;
      for (const mapping of container.mappings) {
        const policy = policies.get(mapping.policy.toLowerCase());
        if (!policy) problems.push(`${at}, mapping '${mapping.name}': policy '${mapping.policy}' is not in policies`);
        else if (policy.provider !== provider)
          problems.push(`${at}, mapping '${mapping.name}': policy '${mapping.policy}' is ${policy.provider}, the fabric needs ${provider}`);
        if (mapping.targetFabric) {
          const target = fabrics.get(mapping.targetFabric.toLowerCase());
          if (!target?.containers.some((c) => c.name.toLowerCase() === mapping.targetContainer?.toLowerCase()))
            problems.push(
              `${at}, mapping '${mapping.name}': target container '${mapping.targetFabric}/${mapping.targetContainer}' does not exist`,
            );
        }
      }
      for (const machine of container.machines) {
        const m = `${at}, machine '${machine.name}'`;
        const key = `${fabric.name}/${machine.name}`.toLowerCase();
        if (seenMachines.has(key)) problems.push(`${m}: duplicate machine name in the fabric`);
        seenMachines.add(key);
        if (provider === 'InMageRcm') {
          if (!machine.discoveryMachineId) problems.push(`${m}: InMageRcm machines need discoveryMachineId`);
          else if (lastSegment(machine.discoveryMachineId) !== machine.name)
            problems.push(`${m}: name must be the last segment of discoveryMachineId`);
        }
        if (provider === 'A2A') {
          if (!machine.vmId) problems.push(`${m}: Azure VMs need vmId`);
          else if (lastSegment(machine.vmId) !== machine.name) problems.push(`${m}: name must be the last segment of vmId`);
        }
      }
    }
    for (const network of fabric.networks) {
      for (const mapping of network.mappings) {
        if (mapping.recoveryFabric && !fabrics.has(mapping.recoveryFabric.toLowerCase()))
          problems.push(
            `${where}, network '${network.name}', mapping '${mapping.name}': recovery fabric '${mapping.recoveryFabric}' does not exist`,
          );
      }
    }
  }
  return problems;
}
