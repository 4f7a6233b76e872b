import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { startEmulator, type RunningEmulator } from '../../../emulator';
import { staticTokenCredential } from '../../../site-recovery/azure/client';
import { armClient, type ArmClient } from '../../support/arm-client';
import { hyperVBody } from '../../support/enable-bodies';

/**
 * Replays the official examples (examples/2025-08-01, see the README there) against the emulator, raw over HTTPS
 * and through the SDK, on a Hyper-V item as in the examples: same status, same LRO headers, the same enum values,
 * and every field of the example's response present.
 */

const API_VERSION = '2025-08-01';
const FABRIC = 'hyperv-site-hq';
const CONTAINER = 'cloud_hq-site';

interface Example {
  parameters: Record<string, any>;
  responses: Record<string, { body?: any; headers?: Record<string, string | number> }>;
}

function example(name: string): Example {
  return JSON.parse(readFileSync(join(__dirname, 'examples', API_VERSION, `${name}.json`), 'utf8'));
}

/** Fields whose values are enums or fixed texts in the examples: they must be equal. */
const ENUM_FIELDS = [
  'protectionState',
  'protectionStateDescription',
  'activeLocation',
  'testFailoverState',
  'testFailoverStateDescription',
  'allowedOperations',
  'replicationHealth',
  'protectedItemType',
  'recoveryFabricId',
  'recoveryFabricFriendlyName',
  'recoveryProtectionContainerFriendlyName',
] as const;

/**
 * Fields an example shows because of what its item went through before, not because of the operation: the
 * cleanup example's item had failed over once (lastSuccessfulFailoverTime); ours has not at that point.
 */
const HISTORY_OF_THE_EXAMPLE: Record<string, string[]> = {
  ReplicationProtectedItems_TestFailoverCleanup: ['properties.lastSuccessfulFailoverTime'],
};

/** Every key of the example object is in ours, recursively through objects (not into arrays). */
function missingFields(expected: any, actual: any, path = ''): string[] {
  if (!expected || typeof expected !== 'object' || Array.isArray(expected)) return [];
  return Object.keys(expected).flatMap((key) =>
    actual?.[key] === undefined ? [`${path}${key}`] : missingFields(expected[key], actual[key], `${path}${key}.`),
  );
}

/** An example id with its names replaced by ours: same segments, same shape. */
function idShape(id: string): RegExp {
  const pattern = id
    .split('/')
    .map((segment, index, all) =>
      index > 0 && index % 2 === 0 && index < all.length ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${pattern}$`, 'i');
}

/** The example's item response compared with ours: enum values equal, every field present, ids of the same shape. */
function expectLikeExample(ours: any, name: string) {
  const expected = example(name).responses['200'].body;
  const missing = missingFields(expected, ours).filter((field) => !(HISTORY_OF_THE_EXAMPLE[name] ?? []).includes(field));
  expect({ name, missing }).toEqual({ name, missing: [] });
  for (const field of ENUM_FIELDS) {
    if (expected.properties[field] !== undefined)
      expect({ name, field, value: ours.properties[field] }).toEqual({ name, field, value: expected.properties[field] });
  }
  expect(ours.properties.currentScenario.scenarioName).toBe(expected.properties.currentScenario.scenarioName);
  expect(ours.properties.providerSpecificDetails.instanceType).toBe(expected.properties.providerSpecificDetails.instanceType);
  for (const field of ['recoveryContainerId', 'failoverRecoveryPointId', 'policyId', 'protectableItemId']) {
    if (expected.properties[field])
      expect({ field, value: ours.properties[field] }).toEqual({
        field,
        value: expect.stringMatching(idShape(expected.properties[field])),
      });
  }
  expect(ours.id).toMatch(idShape(expected.id));
  expect(ours.type).toBe(expected.type);
}

/** The 202 of the example: Azure-AsyncOperation of the same shape and a Retry-After in seconds. */
function expectLroHeaders(headers: Record<string, unknown>, name: string) {
  const expected = example(name).responses['202'].headers!;
  const exampleUrl = new URL(String(expected['Azure-AsyncOperation']));
  const ours = new URL(String(headers['azure-asyncoperation']));
  expect(ours.pathname).toMatch(idShape(exampleUrl.pathname));
  expect(ours.searchParams.get('api-version')).toBe(exampleUrl.searchParams.get('api-version'));
  expect(String(headers['retry-after'])).toMatch(/^[1-9]\d*$/);
  expect(typeof expected['Retry-After']).toBe('number');
}

/** The failback input of Hyper-V (HyperVReplicaAzureFailbackProviderInput): sync before failover, original VM. */
const HYPER_V_FAILBACK = {
  properties: {
    failoverDirection: 'RecoveryToPrimary',
    providerSpecificDetails: {
      instanceType: 'HyperVReplicaAzureFailback' as const,
      dataSyncOption: 'ForDownTime',
      recoveryVmCreationOption: 'NoAction',
    },
  },
};

describe('raw HTTPS: the example requests, as written', () => {
  let emulator: RunningEmulator;
  let client: ArmClient;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 1000, pollRetryAfterSeconds: 1 });
    client = armClient(emulator);
  });
  afterAll(() => emulator?.stop());

  const call = (method: string, path: string, body?: unknown) => client.call(method, path, body, { apiVersion: API_VERSION });
  async function run(path: string, action: string, name: string, body: unknown) {
    const accepted = await call('POST', `${path}/${action}`, body);
    expect({ name, status: accepted.status }).toEqual({ name, status: 202 });
    expect(Object.keys(example(name).responses)).toContain('202');
    expectLroHeaders(accepted.headers, name);
    const { operation, result } = await client.complete(accepted, 120);
    expect(operation.status).toBe('Succeeded');
    return result;
  }

  async function protectedItem(machine: string) {
    const path = client.item(FABRIC, CONTAINER, machine);
    await client.complete(await call('PUT', path, hyperVBody(client, FABRIC, CONTAINER, machine)), 600);
    emulator.advanceClock(30 * 3600);
    return path;
  }

  it('recovery points: list and get', async () => {
    const path = await protectedItem('hv-web-01');
    const list = await call('GET', `${path}/recoveryPoints`);
    expect(list.status).toBe(200);
    const expected = example('RecoveryPoints_ListByReplicationProtectedItems').responses['200'].body;
    expect(list.body.value.length).toBeGreaterThan(0);
    for (const point of list.body.value) {
      expect(missingFields(expected.value[0], point)).toEqual([]);
      expect(point.type).toBe(expected.value[0].type);
      expect(point.id).toMatch(idShape(expected.value[0].id));
      expect(['CrashConsistent', 'ApplicationConsistent']).toContain(point.properties.recoveryPointType);
    }
    expect(list.body.value.map((p: any) => p.properties.recoveryPointType)).toContain(expected.value[0].properties.recoveryPointType);
    // The last point of the page, not the oldest: that one can expire (retention) between the list and the get while virtual time runs.
    const one = await call('GET', `${path}/recoveryPoints/${list.body.value.at(-1).name}`);
    expect(one.status).toBe(200);
    expect(missingFields(example('RecoveryPoints_Get').responses['200'].body, one.body)).toEqual([]);
  });

  it('test failover, cleanup, planned failover, commit, failback and reprotect answer as the examples', async () => {
    const path = client.item(FABRIC, CONTAINER, 'hv-web-01');
    const tfo = example('ReplicationProtectedItems_TestFailover').parameters.testfailoverInput;
    expectLikeExample(
      (await run(path, 'testFailover', 'ReplicationProtectedItems_TestFailover', tfo)).body,
      'ReplicationProtectedItems_TestFailover',
    );
    // The operation result is the item when the operation ended; a GET now shows the same.
    expectLikeExample((await call('GET', path)).body, 'ReplicationProtectedItems_TestFailover');
    const cleanup = example('ReplicationProtectedItems_TestFailoverCleanup').parameters.cleanupInput;
    expectLikeExample(
      (await run(path, 'testFailoverCleanup', 'ReplicationProtectedItems_TestFailoverCleanup', cleanup)).body,
      'ReplicationProtectedItems_TestFailoverCleanup',
    );
    const planned = example('ReplicationProtectedItems_PlannedFailover').parameters.failoverInput;
    expectLikeExample(
      (await run(path, 'plannedFailover', 'ReplicationProtectedItems_PlannedFailover', planned)).body,
      'ReplicationProtectedItems_PlannedFailover',
    );
    expectLikeExample(
      (await run(path, 'failoverCommit', 'ReplicationProtectedItems_FailoverCommit', undefined)).body,
      'ReplicationProtectedItems_FailoverCommit',
    );
    // Hyper-V is reprotected to Azure after its failback (a planned failover RecoveryToPrimary) is committed.
    const failedBack = await run(path, 'plannedFailover', 'ReplicationProtectedItems_PlannedFailover', HYPER_V_FAILBACK);
    expect(failedBack.body.properties).toMatchObject({ activeLocation: 'Primary', allowedOperations: ['Commit', 'DisableProtection'] });
    await run(path, 'failoverCommit', 'ReplicationProtectedItems_FailoverCommit', undefined);
    const reprotect = example('ReplicationProtectedItems_Reprotect').parameters.reprotectInput;
    expectLikeExample(
      (await run(path, 'reProtect', 'ReplicationProtectedItems_Reprotect', reprotect)).body,
      'ReplicationProtectedItems_Reprotect',
    );
  });

  it('unplanned failover and disable protection answer as the examples', async () => {
    const path = await protectedItem('hv-sql-01');
    const tfo = example('ReplicationProtectedItems_TestFailover').parameters.testfailoverInput;
    await run(path, 'testFailover', 'ReplicationProtectedItems_TestFailover', tfo);
    await run(
      path,
      'testFailoverCleanup',
      'ReplicationProtectedItems_TestFailoverCleanup',
      example('ReplicationProtectedItems_TestFailoverCleanup').parameters.cleanupInput,
    );
    const unplanned = example('ReplicationProtectedItems_UnplannedFailover').parameters.failoverInput;
    expectLikeExample(
      (await run(path, 'unplannedFailover', 'ReplicationProtectedItems_UnplannedFailover', unplanned)).body,
      'ReplicationProtectedItems_UnplannedFailover',
    );
    const disabled = await run(
      path,
      'remove',
      'ReplicationProtectedItems_Delete',
      example('ReplicationProtectedItems_Delete').parameters.disableProtectionInput,
    );
    expect(Object.keys(example('ReplicationProtectedItems_Delete').responses)).toContain(String(disabled.status));
    expect(disabled.status).toBe(204);
  });

  it('a job reads as the example', async () => {
    const job = emulator.requestLog().find((e) => e.jobName)!.jobName!;
    const ours = await call('GET', `${client.vault}/replicationJobs/${job}`);
    const expected = example('ReplicationJobs_Get').responses['200'].body;
    expect(ours.status).toBe(200);
    const { customDetails, tasks, ...properties } = expected.properties;
    expect(missingFields({ ...expected, properties }, ours.body)).toEqual([]);
    expect(ours.body.properties.customDetails.instanceType).toBe(customDetails.instanceType);
    expect(
      missingFields({ ...tasks[0], customDetails: undefined }, ours.body.properties.tasks[0]).filter((f) => f !== 'customDetails'),
    ).toEqual([]);
    expect(['Succeeded', 'Failed', 'InProgress', 'Suspended']).toContain(ours.body.properties.state);
    expect(ours.body.id).toMatch(idShape(expected.id));
  });
});

describe('through the SDK (api-version 2025-08-01): the example bodies as SDK inputs', () => {
  let emulator: RunningEmulator;
  let sdk: SiteRecoveryManagementClient;
  let client: ArmClient;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 10_000, pollRetryAfterSeconds: 1 });
    client = armClient(emulator);
    sdk = new SiteRecoveryManagementClient(staticTokenCredential('contract'), emulator.subscriptionId, {
      endpoint: emulator.url,
      $host: emulator.url,
      apiVersion: API_VERSION,
      tlsOptions: { ca: emulator.certificatePem },
    });
  });
  afterAll(() => emulator?.stop());

  const args = (machine: string) => [emulator.vault, emulator.resourceGroup, FABRIC, CONTAINER, machine] as const;
  /** The SDK's model of an item, back to wire JSON, so it compares with the example. */
  const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

  it('runs the lifecycle with the example inputs; the final items and recovery points match the examples', async () => {
    const headers: Record<string, unknown>[] = [];
    const options = {
      updateIntervalInMs: 10,
      onResponse: (response: { status: number; headers: { toJSON(): Record<string, string> } }) => {
        if (response.status === 202 && headers.length === 0) headers.push(response.headers.toJSON());
      },
    };
    await sdk.replicationProtectedItems.beginCreateAndWait(
      ...args('hv-web-01'),
      hyperVBody(client, FABRIC, CONTAINER, 'hv-web-01') as never,
      { updateIntervalInMs: 10 },
    );
    emulator.advanceClock(30 * 3600);

    const points = [];
    for await (const point of sdk.recoveryPoints.listByReplicationProtectedItems(...args('hv-web-01'))) points.push(point);
    expect(points.length).toBeGreaterThan(0);
    expect(missingFields(example('RecoveryPoints_Get').responses['200'].body, asJson(points[0]))).toEqual([]);
    const one = await sdk.recoveryPoints.get(...args('hv-web-01'), points.at(-1)!.name!);
    expect(one.properties?.recoveryPointType).toMatch(/^(CrashConsistent|ApplicationConsistent)$/);

    const tfo = await sdk.replicationProtectedItems.beginTestFailoverAndWait(
      ...args('hv-web-01'),
      example('ReplicationProtectedItems_TestFailover').parameters.testfailoverInput,
      options,
    );
    expectLroHeaders(headers[0], 'ReplicationProtectedItems_TestFailover');
    expectLikeExample(asJson(tfo), 'ReplicationProtectedItems_TestFailover');
    const cleaned = await sdk.replicationProtectedItems.beginTestFailoverCleanupAndWait(
      ...args('hv-web-01'),
      example('ReplicationProtectedItems_TestFailoverCleanup').parameters.cleanupInput,
      { updateIntervalInMs: 10 },
    );
    expectLikeExample(asJson(cleaned), 'ReplicationProtectedItems_TestFailoverCleanup');
    const planned = await sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
      ...args('hv-web-01'),
      example('ReplicationProtectedItems_PlannedFailover').parameters.failoverInput,
      { updateIntervalInMs: 10 },
    );
    expectLikeExample(asJson(planned), 'ReplicationProtectedItems_PlannedFailover');
    const committed = await sdk.replicationProtectedItems.beginFailoverCommitAndWait(...args('hv-web-01'), { updateIntervalInMs: 10 });
    expectLikeExample(asJson(committed), 'ReplicationProtectedItems_FailoverCommit');
    await sdk.replicationProtectedItems.beginPlannedFailoverAndWait(...args('hv-web-01'), HYPER_V_FAILBACK, { updateIntervalInMs: 10 });
    await sdk.replicationProtectedItems.beginFailoverCommitAndWait(...args('hv-web-01'), { updateIntervalInMs: 10 });
    const reprotected = await sdk.replicationProtectedItems.beginReprotectAndWait(
      ...args('hv-web-01'),
      example('ReplicationProtectedItems_Reprotect').parameters.reprotectInput,
      { updateIntervalInMs: 10 },
    );
    expectLikeExample(asJson(reprotected), 'ReplicationProtectedItems_Reprotect');

    await sdk.replicationProtectedItems.beginCreateAndWait(
      ...args('hv-sql-01'),
      hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01') as never,
      { updateIntervalInMs: 10 },
    );
    emulator.advanceClock(30 * 3600);
    await sdk.replicationProtectedItems.beginTestFailoverAndWait(
      ...args('hv-sql-01'),
      example('ReplicationProtectedItems_TestFailover').parameters.testfailoverInput,
      { updateIntervalInMs: 10 },
    );
    await sdk.replicationProtectedItems.beginTestFailoverCleanupAndWait(
      ...args('hv-sql-01'),
      example('ReplicationProtectedItems_TestFailoverCleanup').parameters.cleanupInput,
      { updateIntervalInMs: 10 },
    );
    const unplanned = await sdk.replicationProtectedItems.beginUnplannedFailoverAndWait(
      ...args('hv-sql-01'),
      example('ReplicationProtectedItems_UnplannedFailover').parameters.failoverInput,
      { updateIntervalInMs: 10 },
    );
    expectLikeExample(asJson(unplanned), 'ReplicationProtectedItems_UnplannedFailover');
    await sdk.replicationProtectedItems.beginDeleteAndWait(
      ...args('hv-sql-01'),
      example('ReplicationProtectedItems_Delete').parameters.disableProtectionInput,
      { updateIntervalInMs: 10 },
    );
    await expect(sdk.replicationProtectedItems.get(...args('hv-sql-01'))).rejects.toMatchObject({ statusCode: 404 });

    const job = await sdk.replicationJobs.get(
      emulator.vault,
      emulator.resourceGroup,
      emulator.requestLog().find((e) => e.jobName)!.jobName!,
    );
    expect(job.properties?.customDetails?.instanceType).toBe('AsrJobDetails');
  });
});
