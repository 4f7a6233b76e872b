import { checkMigrationRequest, MachineIdSchema, type MigrationRequestInput, type VaultRef } from '../../common/migration-request';
import type {
  AzureVmSummary,
  ContainerSummary,
  DiscoveredMachine,
  FabricSummary,
  NetworkMappingSummary,
  VaultSnapshot,
} from '../../site-recovery/vault-inventory';
import type { MachineRow, WaveSettings } from './plan-input';

/**
 * Turns the names of a machine list into migration requests, from what the vault and the Compute API say
 * (a VaultSnapshot and the subscription's VMs). Pure: no I/O, so every rule is tested without Azure.
 */

export const UNRESOLVED_REASONS = [
  'not-found',
  'ambiguous',
  'already-protected',
  'unsupported-os',
  'wrong-state',
  'incomplete-setup',
  'duplicate',
  'invalid-request',
] as const;
export type UnresolvedReason = (typeof UNRESOLVED_REASONS)[number];

export interface Unresolved {
  machine: string;
  group: string;
  reason: UnresolvedReason;
  message: string;
  /** For an ambiguous name: each machine it matched. */
  candidates?: string[];
}

export interface Resolved {
  row: MachineRow;
  request: MigrationRequestInput;
  /** Where the name was found, e.g. `vmware-appliance/vmware-appliance-container/vmw-app-01`. */
  foundAs: string;
}

export interface Inventory {
  vault: VaultRef;
  snapshot: VaultSnapshot;
  azureVms: AzureVmSummary[];
}

/** A discovered machine on premises, or an Azure VM. */
type Candidate =
  | { kind: 'discovered'; fabric: FabricSummary; container: ContainerSummary; machine: DiscoveredMachine }
  | { kind: 'azure'; vm: AzureVmSummary };

const same = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
const EC2_INSTANCE = /\bi-[0-9a-f]{8,17}\b/;
const SUPPORTED_OS = ['Windows', 'Linux'] as const;

function describe(candidate: Candidate): string {
  if (candidate.kind === 'azure') return candidate.vm.id;
  const { fabric, container, machine } = candidate;
  const friendly = machine.friendlyName && machine.friendlyName !== machine.name ? ` (${machine.friendlyName})` : '';
  return `${fabric.name}/${container.name}/${machine.name}${friendly}`;
}

const key = (text: string) => text.replace(/\/+$/, '').toLowerCase();

/** Every name a machine is known by (item name, friendly name, EC2 instance id; VM name and id) -> the machines. */
function nameIndex(inventory: Inventory): Map<string, Candidate[]> {
  const index = new Map<string, Candidate[]>();
  const add = (candidate: Candidate, names: (string | undefined)[]) => {
    for (const name of new Set(names.filter((n): n is string => !!n).map(key))) index.set(name, [...(index.get(name) ?? []), candidate]);
  };
  for (const fabric of inventory.snapshot.fabrics)
    for (const container of fabric.containers)
      for (const machine of container.machines) {
        const instance = EC2_INSTANCE.exec(`${machine.name} ${machine.friendlyName}`)?.[0];
        add({ kind: 'discovered', fabric, container, machine }, [machine.name, machine.friendlyName, instance]);
      }
  for (const vm of inventory.azureVms) add({ kind: 'azure', vm }, [vm.name, vm.id]);
  return index;
}

function candidatesFor(row: MachineRow, index: Map<string, Candidate[]>, inventory: Inventory): Candidate[] {
  const found = index.get(key(row.machine)) ?? [];
  if (!row.fabric) return found;
  return found.filter((c) =>
    c.kind === 'discovered'
      ? same(c.fabric.name, row.fabric)
      : inventory.snapshot.fabrics.some((f) => same(f.name, row.fabric) && same(f.location, c.vm.location)),
  );
}

class Refusal extends Error {
  constructor(
    readonly reason: UnresolvedReason,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (reason: UnresolvedReason, message: string): never => {
  throw new Refusal(reason, message);
};

/** Exactly one of `items`, or a refusal saying there were none or several. */
function onlyOne<T>(items: T[], none: string, several: (items: T[]) => string): T {
  if (items.length === 0) refuse('incomplete-setup', none);
  if (items.length > 1) refuse('incomplete-setup', several(items));
  return items[0];
}

function policyFor(container: ContainerSummary, fabric: string, settings: WaveSettings, recoveryContainer?: boolean) {
  const usable = container.mappings.filter(
    (m) =>
      (!m.state || m.state === 'Paired') &&
      (!settings.replicationPolicies || settings.replicationPolicies.some((p) => same(p, m.policyName))) &&
      (!recoveryContainer || m.targetContainerName),
  );
  return onlyOne(
    usable,
    `container ${fabric}/${container.name} has no paired mapping to a replication policy${settings.replicationPolicies ? ` among ${settings.replicationPolicies.join(', ')}` : ''}; associate a policy with the container first`,
    (several) =>
      `container ${fabric}/${container.name} maps to several policies (${several.map((m) => m.policyName).join(', ')}); name one in replicationPolicies`,
  );
}

function networkMappingTo(mappings: NetworkMappingSummary[], fabric: string, networkId: string | undefined, what: string) {
  const found = onlyOne(
    mappings.filter((m) => same(m.fabricName, fabric) && same(m.recoveryNetworkId, networkId)),
    `no network mapping of fabric ${fabric} maps to ${what} ${networkId ?? '(no target virtualNetworkId set)'}`,
    (several) => `several networks of fabric ${fabric} map to ${networkId}: ${several.map((m) => m.networkName).join(', ')}`,
  );
  return { fabricName: found.fabricName, networkName: found.networkName, mappingName: found.mappingName };
}

function checkState(candidate: Candidate, inventory: Inventory): void {
  if (candidate.kind === 'azure') {
    const { vm } = candidate;
    const protectedBy = inventory.snapshot.protectedItems.find((item) => same(item.sourceId, vm.id));
    if (protectedBy) refuse('already-protected', `Azure VM ${vm.name} is already protected as ${protectedBy.id}`);
    if (vm.provisioningState && vm.provisioningState !== 'Succeeded')
      refuse('wrong-state', `Azure VM ${vm.name} is ${vm.provisioningState}, not Succeeded`);
    if (vm.powerState && vm.powerState !== 'running')
      refuse('wrong-state', `Azure VM ${vm.name} is ${vm.powerState}; ASR installs its extension on a running VM: start it first`);
    return;
  }
  const { machine, fabric } = candidate;
  if (machine.protectionStatus === 'Protected')
    refuse('already-protected', `${machine.name} is already protected${machine.protectedItemId ? ` as ${machine.protectedItemId}` : ''}`);
  if (machine.osType && !(SUPPORTED_OS as readonly string[]).includes(machine.osType))
    refuse(
      'unsupported-os',
      `ASR reports the operating system of ${machine.name} as ${machine.osType}: only Windows and Linux machines can be migrated`,
    );
  if (machine.poweredOn === false)
    refuse(
      'wrong-state',
      `${machine.name} is powered off: the appliance (fabric ${fabric.name}) installs its agent on a running machine; power it on first`,
    );
  if (machine.readinessErrors.length > 0)
    refuse('wrong-state', `${machine.name} is not ready for protection: ${machine.readinessErrors.join('; ')}`);
}

const unlessEmpty = <K extends string, V extends object>(key: K, value: V | undefined) =>
  value && Object.keys(value).length > 0 ? ({ [key]: value } as Record<K, V>) : {};

const osTypeOf = (osType: string | undefined) => (osType === 'Linux' ? 'Linux' : 'Windows');

function requestFor(
  candidate: Candidate,
  row: MachineRow,
  wave: string,
  settings: WaveSettings,
  inventory: Inventory,
): MigrationRequestInput {
  const { snapshot } = inventory;
  const sourceName = candidate.kind === 'azure' ? candidate.vm.name : candidate.machine.name;
  const machineId = row.machineId ?? (MachineIdSchema.safeParse(sourceName).success ? sourceName : undefined);
  if (!machineId) return refuse('invalid-request', `${sourceName} is not a valid machine id; give one in the machineId column`);
  const isAzure = candidate.kind === 'azure';
  const target = { ...settings.target, ...(isAzure ? settings.azureToAzure?.target : {}) };
  const common = {
    machineId,
    displayName: candidate.kind === 'azure' ? candidate.vm.name : candidate.machine.friendlyName || candidate.machine.name,
    vault: inventory.vault,
    target: {
      ...target,
      vmName: row.vmName ?? machineId,
      ...(row.vmSize ? { vmSize: row.vmSize } : {}),
      ...(row.subnet ? { subnetName: row.subnet } : {}),
      ...(row.diskType ? { diskType: row.diskType } : {}),
      // Fields the defaults file left out are reported by the request check below, naming them.
    } as MigrationRequestInput['target'],
    wave,
    ...unlessEmpty('failover', { ...settings.failover, ...(row.recoveryPoint ? { recoveryPoint: row.recoveryPoint } : {}) }),
    ...(settings.approval ? { approval: settings.approval } : {}),
    ...unlessEmpty('replicationWait', settings.replicationWait),
  };

  if (candidate.kind === 'azure') {
    const { vm } = candidate;
    const fabric = onlyOne(
      snapshot.fabrics.filter((f) => f.kind === 'Azure' && same(f.location, vm.location)),
      `no Azure fabric of the vault is in ${vm.location}, the region of ${vm.name}`,
      (several) => `several fabrics are in ${vm.location}: ${several.map((f) => f.name).join(', ')}`,
    );
    const [container] = fabric.containers;
    if (!container) refuse('incomplete-setup', `fabric ${fabric.name} has no protection container`);
    const mapping = policyFor(container, fabric.name, settings, true);
    const recoveryFabric = snapshot.fabrics.find((f) => same(f.name, mapping.targetFabricName));
    if (!settings.azureToAzure?.stagingStorageAccountId)
      refuse(
        'incomplete-setup',
        'azureToAzure.stagingStorageAccountId is not set in the defaults file (a storage account in the source region)',
      );
    return {
      ...common,
      scenario: 'azure-to-azure',
      source: {
        fabricName: fabric.name,
        protectionContainerName: container.name,
        sourceVmId: vm.id,
        recoveryFabricName: mapping.targetFabricName ?? '',
        recoveryProtectionContainerName: mapping.targetContainerName ?? '',
        recoveryRegion: recoveryFabric?.location ?? '',
        networkMapping: networkMappingTo(snapshot.networkMappings, fabric.name, target.virtualNetworkId, 'the target network'),
        managedDiskIds: vm.managedDiskIds,
        stagingStorageAccountId: settings.azureToAzure?.stagingStorageAccountId,
      },
      replicationPolicyName: mapping.policyName,
    } as MigrationRequestInput;
  }

  const { fabric, container, machine } = candidate;
  const policy = policyFor(container, fabric.name, settings).policyName;
  const place = { fabricName: fabric.name, protectionContainerName: container.name, osType: osTypeOf(machine.osType) } as const;
  if (fabric.kind === 'HyperVSite' || fabric.kind === 'VMM') {
    return {
      ...common,
      scenario: 'hyperv-to-azure',
      source: {
        ...place,
        protectableItemName: machine.name,
        ...(fabric.kind === 'VMM'
          ? { vmmNetworkMapping: networkMappingTo(snapshot.networkMappings, fabric.name, target.virtualNetworkId, 'the target network') }
          : {}),
      },
      replicationPolicyName: policy,
    };
  }
  if (fabric.kind !== 'InMageRcm')
    return refuse('incomplete-setup', `fabric ${fabric.name} is a ${fabric.kind} fabric, which siteshift does not migrate from`);

  const site = machine.discoveryType === 'VMware' ? fabric.vmwareSiteId : fabric.physicalSiteId;
  if (!site) refuse('incomplete-setup', `fabric ${fabric.name} names no ${machine.discoveryType ?? 'discovery'} site for ${machine.name}`);
  const healthy = fabric.processServers.filter((ps) => ps.healthy);
  const chosen = healthy.filter((ps) => settings.processServers?.some((wanted) => same(ps.id, wanted) || same(ps.name, wanted)));
  const processServer = onlyOne(
    chosen.length > 0 ? chosen : healthy,
    `fabric ${fabric.name} has no healthy process server`,
    (several) =>
      `fabric ${fabric.name} has several process servers (${several.map((ps) => ps.name).join(', ')}); list the one to use in processServers`,
  );
  const inMageRcm = { ...place, fabricDiscoveryMachineId: `${site}/machines/${machine.name}`, processServerId: processServer.id };
  const instance = EC2_INSTANCE.exec(`${machine.name} ${machine.friendlyName}`)?.[0];
  if (machine.discoveryType === 'VMware') {
    const runAs =
      settings.runAsAccountId ??
      onlyOne(
        fabric.runAsAccounts,
        `fabric ${fabric.name} lists no run-as account; set runAsAccountId in the defaults file`,
        (several) => `fabric ${fabric.name} has several run-as accounts (${several.map((a) => a.id).join(', ')}); set runAsAccountId`,
      ).id;
    return { ...common, scenario: 'vmware-to-azure', source: { ...inMageRcm, runAsAccountId: runAs }, replicationPolicyName: policy };
  }
  if (instance) {
    if (!settings.awsRegion) refuse('incomplete-setup', `${machine.name} is EC2 instance ${instance}: set awsRegion in the defaults file`);
    return {
      ...common,
      scenario: 'aws-to-azure',
      source: { ...inMageRcm, awsInstanceId: instance, awsRegion: settings.awsRegion ?? '' },
      replicationPolicyName: policy,
    };
  }
  return { ...common, scenario: 'physical-to-azure', source: inMageRcm, replicationPolicyName: policy };
}

/** The request's fields in the order a person reads them: who, what kind, from where, to where, how. */
function inReadingOrder(request: MigrationRequestInput): MigrationRequestInput {
  const { machineId, displayName, scenario, wave, vault, source, target, replicationPolicyName, ...rest } = request;
  return { machineId, displayName, scenario, wave, vault, source, target, replicationPolicyName, ...rest } as MigrationRequestInput;
}

/** Resolves every row of one wave; each name either becomes a valid request or is listed with its reason. */
export function resolveMachines(
  rows: MachineRow[],
  wave: string,
  settings: WaveSettings,
  inventory: Inventory,
): { resolved: Resolved[]; unresolved: Unresolved[] } {
  const resolved: Resolved[] = [];
  const unresolved: Unresolved[] = [];
  const taken = new Map<string, string>();
  const index = nameIndex(inventory);
  for (const row of rows) {
    const base = { machine: row.machine, group: row.group };
    const candidates = candidatesFor(row, index, inventory);
    if (candidates.length === 0) {
      unresolved.push({
        ...base,
        reason: 'not-found',
        message: `no machine named ${row.machine}${row.fabric ? ` in fabric ${row.fabric}` : ''} was discovered in vault ${inventory.vault.name}, nor is it an Azure VM of subscription ${inventory.vault.subscriptionId}`,
      });
      continue;
    }
    if (candidates.length > 1) {
      const names = candidates.map(describe);
      unresolved.push({
        ...base,
        reason: 'ambiguous',
        message: `${row.machine} matches ${candidates.length} machines: ${names.join(', ')}; add a fabric column to choose`,
        candidates: names,
      });
      continue;
    }
    const [candidate] = candidates;
    const foundAs = describe(candidate);
    try {
      checkState(candidate, inventory);
      const request = inReadingOrder(requestFor(candidate, row, wave, settings, inventory));
      const checked = checkMigrationRequest(request);
      if (!checked.success)
        refuse(
          'invalid-request',
          `the request built for it is invalid: ${checked.issues.map((i) => `${i.path || '(request)'}: ${i.message}`).join('; ')}`,
        );
      const earlier = taken.get(request.machineId.toLowerCase()) ?? taken.get(foundAs.toLowerCase());
      if (earlier) refuse('duplicate', `${row.machine} is the same migration as ${earlier}, listed earlier`);
      taken.set(request.machineId.toLowerCase(), row.machine);
      taken.set(foundAs.toLowerCase(), row.machine);
      resolved.push({ row, request, foundAs });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      unresolved.push({ ...base, reason: error.reason, message: error.message });
    }
  }
  return { resolved, unresolved };
}
