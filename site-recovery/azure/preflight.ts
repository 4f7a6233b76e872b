import type { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { networkMappingFor, REPLICATION_PROVIDER, type MigrationRequest } from '../../common/migration-request';
import { replicatedItemRefFor, type PreflightCheck, type PreflightReport, type SiteRecoveryError } from '../site-recovery';
import { lastSegment, policyId, protectedItemId, protectionContainerId, sameArmId } from './arm-ids';
import { mappingErrors } from './errors';

interface Lookup<T> {
  resource: string;
  name: string;
  read: () => Promise<T>;
  /** What to say when the resource does not exist. */
  missing: string;
  /** A reason the resource, although present, will not do. */
  problem?: (value: T) => string | undefined;
}

/**
 * Reads every ASR resource the request relies on and reports each one. A missing resource or a
 * refused read (403) is a failed check naming what to fix; throttling and server errors are thrown.
 */
export async function runPreflight(client: SiteRecoveryManagementClient, request: MigrationRequest): Promise<PreflightReport> {
  const { vault, source } = request;
  const v = [vault.name, vault.resourceGroup] as const;
  const checks: PreflightCheck[] = [];
  const inVault = `vault ${vault.name} (resource group ${vault.resourceGroup}, subscription ${vault.subscriptionId})`;
  const lookup = async <T>(spec: Lookup<T>): Promise<T | undefined> => {
    const { check, value } = await runLookup(spec);
    checks.push(check);
    return value;
  };

  const vaultOk = await lookup({
    resource: 'vault',
    name: vault.name,
    read: async () => (
      await client.replicationFabrics
        .list(...v)
        .byPage()
        .next(),
      true
    ),
    missing: `Recovery Services vault ${vault.name} does not exist in resource group ${vault.resourceGroup} of subscription ${vault.subscriptionId}`,
  });
  if (!vaultOk) return { checks };

  await lookup({
    resource: 'fabric',
    name: source.fabricName,
    read: () => client.replicationFabrics.get(...v, source.fabricName),
    missing: `Fabric ${source.fabricName} is not registered in ${inVault}; register the Hyper-V site, VMM server, appliance or Azure region first`,
  });

  await lookup({
    resource: 'protectionContainer',
    name: source.protectionContainerName,
    read: () => client.replicationProtectionContainers.get(...v, source.fabricName, source.protectionContainerName),
    missing: `Protection container ${source.protectionContainerName} does not exist in fabric ${source.fabricName} of ${inVault}`,
  });

  const provider = REPLICATION_PROVIDER[request.scenario];
  const policy = await lookup({
    resource: 'replicationPolicy',
    name: request.replicationPolicyName,
    read: () => client.replicationPolicies.get(...v, request.replicationPolicyName),
    missing: `Replication policy ${request.replicationPolicyName} does not exist in ${inVault}`,
    problem: (found) => {
      const kind = found.properties?.providerSpecificDetails?.instanceType;
      return kind && kind !== provider
        ? `Replication policy ${request.replicationPolicyName} is a ${kind} policy; the ${request.scenario} scenario needs a ${provider} policy`
        : undefined;
    },
  });

  const recoveryContainer =
    request.scenario === 'azure-to-azure'
      ? protectionContainerId(vault, request.source.recoveryFabricName, request.source.recoveryProtectionContainerName)
      : undefined;
  await lookup({
    resource: 'containerMapping',
    name: `${source.protectionContainerName} -> ${request.replicationPolicyName}`,
    read: async () => {
      const mappings = [];
      for await (const mapping of client.replicationProtectionContainerMappings.listByReplicationProtectionContainers(
        ...v,
        source.fabricName,
        source.protectionContainerName,
      ))
        mappings.push(mapping);
      return mappings;
    },
    missing: `Protection container ${source.protectionContainerName} does not exist, so it has no container mapping`,
    problem: (mappings) => {
      const wanted = policy?.id ?? policyId(vault, request.replicationPolicyName);
      const forPolicy = mappings.filter(
        (m) => sameArmId(m.properties?.policyId, wanted) || lastSegment(m.properties?.policyId ?? '') === request.replicationPolicyName,
      );
      const usable = forPolicy.filter((m) => !recoveryContainer || sameArmId(m.properties?.targetProtectionContainerId, recoveryContainer));
      if (usable.length === 0) {
        const target = recoveryContainer ? ` targeting recovery container ${lastSegment(recoveryContainer)}` : '';
        return `No container mapping associates protection container ${source.protectionContainerName} with replication policy ${request.replicationPolicyName}${target}; associate the policy with the container first`;
      }
      const paired = usable.find((m) => !m.properties?.state || m.properties.state === 'Paired');
      return paired
        ? undefined
        : `The container mapping for policy ${request.replicationPolicyName} is ${usable[0].properties?.state}, not Paired`;
    },
  });

  const networkMapping = networkMappingFor(request);
  if (networkMapping) {
    await lookup({
      resource: 'networkMapping',
      name: `${networkMapping.fabricName}/${networkMapping.networkName}/${networkMapping.mappingName}`,
      read: () =>
        client.replicationNetworkMappings.get(...v, networkMapping.fabricName, networkMapping.networkName, networkMapping.mappingName),
      missing: `Network mapping ${networkMapping.mappingName} of network ${networkMapping.networkName} in fabric ${networkMapping.fabricName} does not exist in ${inVault}; map the source network to an Azure network first`,
    });
  }

  if (request.scenario === 'azure-to-azure') {
    const { recoveryFabricName, recoveryProtectionContainerName } = request.source;
    await lookup({
      resource: 'recoveryProtectionContainer',
      name: `${recoveryFabricName}/${recoveryProtectionContainerName}`,
      read: () => client.replicationProtectionContainers.get(...v, recoveryFabricName, recoveryProtectionContainerName),
      missing: `Recovery protection container ${recoveryProtectionContainerName} does not exist in fabric ${recoveryFabricName} of ${inVault}`,
    });
  }

  if (request.scenario === 'hyperv-to-azure') {
    const ownItemId = protectedItemId(replicatedItemRefFor(request));
    await lookup({
      resource: 'protectableItem',
      name: request.source.protectableItemName,
      read: () =>
        client.replicationProtectableItems.get(...v, source.fabricName, source.protectionContainerName, request.source.protectableItemName),
      missing: `Protectable item ${request.source.protectableItemName} was not discovered in container ${source.protectionContainerName}; check the VM exists on a registered Hyper-V host and refresh the server`,
      problem: (item) => {
        const readiness = item.properties?.protectionReadinessErrors ?? [];
        if (readiness.length > 0)
          return `Protectable item ${request.source.protectableItemName} is not ready for protection: ${readiness.join('; ')}`;
        const protectedBy = item.properties?.replicationProtectedItemId;
        if (item.properties?.protectionStatus === 'Protected' && protectedBy && !sameArmId(protectedBy, ownItemId)) {
          return `Protectable item ${request.source.protectableItemName} is already protected by ${protectedBy}`;
        }
        return undefined;
      },
    });
  }

  return { checks };
}

async function runLookup<T>(spec: Lookup<T>): Promise<{ check: PreflightCheck; value?: T }> {
  const base = { resource: spec.resource, name: spec.name };
  try {
    const value = await mappingErrors(spec.read);
    const problem = spec.problem?.(value);
    return problem ? { check: { ...base, ok: false, message: problem }, value } : { check: { ...base, ok: true }, value };
  } catch (error) {
    const status = (error as { options?: { statusCode?: number } }).options?.statusCode;
    if (status === 404) return { check: { ...base, ok: false, message: spec.missing } };
    // ASR answers some missing resources (a fabric, for one) with 400 BadRequest and its own code in the details:
    // a read that names one resource and is refused as bad can only be about that resource.
    if (status === 400) {
      return {
        check: { ...base, ok: false, message: `${spec.missing} (ASR: ${(error as SiteRecoveryError).code}: ${(error as Error).message})` },
      };
    }
    if (status === 403) {
      return {
        check: {
          ...base,
          ok: false,
          message: `Access denied reading ${spec.resource} ${spec.name}: ${(error as Error).message}. The worker's identity needs the Site Recovery Contributor role on the vault`,
        },
      };
    }
    throw error;
  }
}
