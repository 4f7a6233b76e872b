import { readFileSync } from 'node:fs';
import { networkMappingFor, parseMigrationRequest, type MigrationRequest } from '../../common/migration-request';
import { SAMPLE_REQUESTS_PATH, startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';

interface Sample {
  description: string;
  expect: { outcome: 'Completed' | 'Failed'; stage?: string; failedCheck?: string; errorCode?: string };
  request: unknown;
}

const samples = JSON.parse(readFileSync(SAMPLE_REQUESTS_PATH, 'utf8')) as Record<string, Sample>;
const parsed = Object.entries(samples).map(([key, sample]) => ({ key, sample, request: parseMigrationRequest(sample.request) }));

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = armClient(emulator);
});
afterAll(() => emulator.stop());

/** The preflight reads of a request, by check name, with the status the emulator answers. */
async function preflightReads(request: MigrationRequest): Promise<Record<string, number>> {
  const s = request.source;
  const container = client.container(s.fabricName, s.protectionContainerName);
  const statuses: Record<string, number> = {
    fabric: (await client.get(`${client.vault}/replicationFabrics/${s.fabricName}`)).status,
    protectionContainer: (await client.get(container)).status,
    replicationPolicy: (await client.get(`${client.vault}/replicationPolicies/${request.replicationPolicyName}`)).status,
  };
  const mappings = (await client.get(`${container}/replicationProtectionContainerMappings`)).body.value as {
    properties: { policyId: string };
  }[];
  statuses.containerMapping = mappings.some((m) =>
    m.properties.policyId.toLowerCase().endsWith(`/replicationpolicies/${request.replicationPolicyName.toLowerCase()}`),
  )
    ? 200
    : 404;
  const networkMapping = networkMappingFor(request);
  if (networkMapping) {
    const path = `${client.vault}/replicationFabrics/${networkMapping.fabricName}/replicationNetworks/${networkMapping.networkName}/replicationNetworkMappings/${networkMapping.mappingName}`;
    statuses.networkMapping = (await client.get(path)).status;
  }
  if (request.scenario === 'hyperv-to-azure') {
    statuses.protectableItem = (await client.get(`${container}/replicationProtectableItems/${request.source.protectableItemName}`)).status;
  }
  if (request.scenario === 'azure-to-azure') {
    statuses.recoveryProtectionContainer = (
      await client.get(client.container(request.source.recoveryFabricName, request.source.recoveryProtectionContainerName))
    ).status;
  }
  if ('fabricDiscoveryMachineId' in request.source) {
    const fabric = (await client.get(`${client.vault}/replicationFabrics/${s.fabricName}`)).body.properties.customDetails;
    statuses.processServer = fabric.processServers.some(
      (p: { id: string }) => p.id === (request.source as { processServerId: string }).processServerId,
    )
      ? 200
      : 404;
    const machine = request.source.fabricDiscoveryMachineId.split('/').pop();
    statuses.discoveredMachine = (await client.get(`${container}/replicationProtectableItems/${machine}`)).status;
  }
  return statuses;
}

describe('emulator/sample-requests.json', () => {
  it('holds one valid request per scenario, with unique machine ids', () => {
    const working = parsed.filter((p) => p.sample.expect.outcome === 'Completed');
    expect(new Set(working.map((p) => p.request.scenario))).toEqual(
      new Set(['hyperv-to-azure', 'vmware-to-azure', 'physical-to-azure', 'aws-to-azure', 'azure-to-azure']),
    );
    expect(working.some((p) => p.request.scenario === 'hyperv-to-azure' && p.request.source.vmmNetworkMapping)).toBe(true);
    expect(new Set(parsed.map((p) => p.request.machineId)).size).toBe(parsed.length);
  });

  it.each(parsed.filter((p) => p.sample.expect.outcome === 'Completed').map((p) => [p.key, p.request] as const))(
    '%s points at resources that all exist in the inventory',
    async (_key, request) => {
      const statuses = await preflightReads(request);
      expect(Object.entries(statuses).filter(([, status]) => status !== 200)).toEqual([]);
    },
  );

  it.each(parsed.filter((p) => p.sample.expect.stage === 'Preflight').map((p) => [p.key, p.request, p.sample.expect.failedCheck] as const))(
    '%s fails exactly the preflight check it names',
    async (_key, request, failedCheck) => {
      const statuses = await preflightReads(request);
      expect(
        Object.entries(statuses)
          .filter(([, status]) => status !== 200)
          .map(([check]) => check),
      ).toEqual([failedCheck]);
    },
  );

  it('the enable-time misconfigurations pass preflight reads and are refused or fail at enable', async () => {
    const badProcessServer = parsed.find((p) => p.key === 'misconfigured-unknown-process-server')!.request;
    const reads = await preflightReads(badProcessServer);
    expect(
      Object.entries(reads)
        .filter(([, s]) => s !== 200)
        .map(([c]) => c),
    ).toEqual(['processServer']);
    const agentFails = parsed.find((p) => p.key === 'misconfigured-agent-install-fails')!;
    expect(Object.values(await preflightReads(agentFails.request)).every((s) => s === 200)).toBe(true);
    const machine = emulator.inventory.fabrics
      .flatMap((f) => f.containers.flatMap((c) => c.machines))
      .find((m) => m.name === 'vmw-legacy-nt');
    expect(machine?.enableJobError?.code).toBe(agentFails.sample.expect.errorCode);
  });
});
