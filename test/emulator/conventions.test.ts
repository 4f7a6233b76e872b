import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  AZURE_RETRY_AFTER_SECONDS,
  DEFAULT_INVENTORY_PATH,
  parseFaultConfig,
  parseInventory,
  retryAfterSecondsAt,
  startEmulator,
  type RunningEmulator,
} from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { hyperVBody, TEST_VNET } from '../support/enable-bodies';

/** ARM conventions of the emulator: api-versions, paging, $filter on jobs, provider checks, recovery points, strict files. */

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 1000, pageSize: 3, pollRetryAfterSeconds: 30 });
  client = armClient(emulator);
});
afterAll(() => emulator?.stop());

const FABRIC = 'hyperv-site-hq';
const CONTAINER = 'cloud_hq-site';

async function protectedHyperVItem(machine: string) {
  const path = client.item(FABRIC, CONTAINER, machine);
  if ((await client.get(path)).status === 200) return path;
  await client.complete(await client.call('PUT', path, hyperVBody(client, FABRIC, CONTAINER, machine)));
  emulator.advanceClock(48 * 3600);
  expect((await client.get(path)).body.properties.protectionState).toBe('Protected');
  return path;
}

describe('api-version', () => {
  it('refuses a well-formed api-version the service does not have, naming the supported ones', async () => {
    const refused = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { apiVersion: '2019-01-01' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('InvalidApiVersionParameter');
    expect(refused.body.error.message).toContain('2023-06-01');
    expect(refused.body.error.message).toContain('2025-08-01');
    for (const apiVersion of ['2023-06-01', '2025-01-01', '2025-08-01']) {
      expect((await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { apiVersion })).status).toBe(200);
    }
  });
});

describe('202s', () => {
  it('carry Retry-After and Azure-shaped Azure-AsyncOperation and Location, and so do operation polls', async () => {
    const path = await protectedHyperVItem('hv-web-01');
    const accepted = await client.call('POST', `${path}/testFailover`, {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        networkType: 'VmNetworkAsInput',
        networkId: TEST_VNET,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' },
      },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers['retry-after']).toBe('30');
    const vault = `${emulator.url}/Subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vault}`;
    expect(accepted.headers['azure-asyncoperation']).toMatch(
      new RegExp(`^${escape(vault)}/replicationOperationStatus/[0-9a-f-]{36}\\?api-version=2023-06-01$`),
    );
    expect(accepted.headers.location).toMatch(
      new RegExp(`^${escape(vault)}/replicationOperationResults/[0-9a-f-]{36}\\?api-version=2023-06-01$`),
    );
    const poll = await client.get(String(accepted.headers['azure-asyncoperation']));
    expect(poll.body.status).toBe('InProgress');
    expect(poll.headers['retry-after']).toBe('30');
    const result = await client.get(String(accepted.headers.location));
    expect(result.status).toBe(202);
    expect(result.headers['retry-after']).toBe('30');
    await client.complete(accepted, 600);
    await client.complete(await client.call('POST', `${path}/testFailoverCleanup`, { properties: { comments: 'ok' } }));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('recovery fabric and container ids', () => {
  it('are ARM ids, to Azure those of ASR\'s hidden per-region fabric and container, never "Microsoft Azure"', async () => {
    const toAzure = await client.get(
      `${client.vault}/replicationFabrics/vmm-contoso/replicationNetworks/corp-net/replicationNetworkMappings/corp-net-to-azure`,
    );
    expect(toAzure.body.properties.recoveryFabricArmId).toMatch(/\/replicationFabrics\/[0-9a-f]{64}$/);
    const a2a = await client.get(
      `${client.vault}/replicationFabrics/asr-a2a-default-westeurope/replicationNetworks/vnet-prod-weu/replicationNetworkMappings/vnet-prod-weu-to-neu`,
    );
    expect(a2a.body.properties.recoveryFabricArmId).toMatch(/\/replicationFabrics\/asr-a2a-default-northeurope$/);
    const item = (await client.get(await protectedHyperVItem('hv-web-01'))).body.properties;
    expect(item.recoveryContainerId).toMatch(/\/replicationFabrics\/[0-9a-f]{64}\/replicationProtectionContainers\/[0-9a-f-]{36}$/);
    expect(toAzure.body.properties.recoveryFabricArmId.toLowerCase()).toBe(
      item.recoveryContainerId.split('/replicationProtectionContainers/')[0].toLowerCase(),
    );
  });
});

describe('lists page with nextLink', () => {
  it('answers pageSize items a page and reaches every item through nextLink', async () => {
    const first = await client.get(`${client.vault}/replicationFabrics`);
    expect(first.body.value).toHaveLength(3);
    expect(first.body.nextLink).toMatch(/\$skiptoken=3/);
    const names: string[] = [];
    let page = first;
    for (;;) {
      names.push(...page.body.value.map((f: { name: string }) => f.name));
      if (!page.body.nextLink) break;
      page = await client.get(page.body.nextLink);
    }
    expect(names).toEqual(emulator.inventory.fabrics.map((f) => f.name));
  });
});

describe('$filter on replicationJobs', () => {
  it('filters by jobName (scenario), jobStatus, affectedObjectTypes, startTime and endTime', async () => {
    const all = await listJobs();
    expect(all.length).toBeGreaterThan(1);
    const testFailovers = await listJobs("jobName eq 'TestFailover'");
    expect(testFailovers.map((j) => j.properties.scenarioName)).toEqual(['TestFailover']);
    const succeeded = await listJobs("jobStatus eq 'Succeeded,Failed'");
    expect(succeeded.every((j) => ['Succeeded', 'Failed'].includes(j.properties.state))).toBe(true);
    expect(await listJobs("affectedObjectTypes eq 'ProtectionEntity'")).toHaveLength(all.length);
    expect(await listJobs("affectedObjectTypes eq 'Fabric'")).toHaveLength(0);
    const future = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000).toISOString();
    expect(await listJobs(`startTime eq '${future}'`)).toHaveLength(0);
    expect(await listJobs(`startTime eq '2000-01-01T00:00:00Z' and endTime eq '${future}'`)).toHaveLength(all.length);
    const bad = await client.get(`${client.vault}/replicationJobs?$filter=${encodeURIComponent("owner eq 'me'")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'InvalidFilter', message: expect.stringContaining('owner') });
  });
});

async function listJobs(filter?: string): Promise<{ name: string; properties: { scenarioName: string; state: string } }[]> {
  return client.listAll(`${client.vault}/replicationJobs${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`);
}

describe('failover inputs of another provider', () => {
  it("refuses a test failover or failover whose providerSpecificDetails.instanceType is not the item's provider", async () => {
    const path = await protectedHyperVItem('hv-web-01');
    for (const action of ['testFailover', 'unplannedFailover', 'plannedFailover']) {
      const refused = await client.call('POST', `${path}/${action}`, {
        properties: {
          failoverDirection: 'PrimaryToRecovery',
          networkId: TEST_VNET,
          providerSpecificDetails: { instanceType: 'InMageRcm' },
        },
      });
      expect({ action, status: refused.status, code: refused.body.error.code }).toEqual({
        action,
        status: 400,
        code: 'InvalidProviderSpecificInput',
      });
    }
  });
});

describe('recovery points', () => {
  it('are generated from the policy: crash-consistent every 5 minutes, app-consistent on its frequency, within its retention', async () => {
    const path = await protectedHyperVItem('hv-web-01');
    const points: { name: string; properties: { recoveryPointType: string; recoveryPointTime: string } }[] = await client.listAll(
      `${path}/recoveryPoints`,
    );
    const times = points.map((p) => Date.parse(p.properties.recoveryPointTime));
    // Virtual seconds (time scale 1000) between the oldest and newest point: the 24 h retention, plus what the
    // clock moved on while the pages were read (the list is recomputed for each page, as a live list is).
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeLessThanOrEqual(25 * 3600);
    expect(span).toBeGreaterThan(23 * 3600);
    expect(new Set(points.map((p) => p.properties.recoveryPointType))).toEqual(new Set(['CrashConsistent', 'ApplicationConsistent']));
    const app = points.filter((p) => p.properties.recoveryPointType === 'ApplicationConsistent');
    const crash = points.filter((p) => p.properties.recoveryPointType === 'CrashConsistent');
    // 4-hour app-consistent frequency, 5-minute crash-consistent one: 47 crash-consistent points per app-consistent one.
    expect(crash.length).toBeGreaterThan(app.length * 40);
    const one = await client.get(`${path}/recoveryPoints/${app[0].name}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      name: app[0].name,
      type: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints',
    });
    expect((await client.get(`${path}/recoveryPoints/not-a-point`)).status).toBe(404);

    const unknown = await client.call('POST', `${path}/unplannedFailover`, {
      properties: {
        failoverDirection: 'PrimaryToRecovery',
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId: `${path}/recoveryPoints/gone` },
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('RecoveryPointNotFound');
  });

  it('are none before initial replication completes', async () => {
    const path = client.item(FABRIC, CONTAINER, 'hv-sql-01');
    await client.complete(await client.call('PUT', path, hyperVBody(client, FABRIC, CONTAINER, 'hv-sql-01')));
    expect((await client.get(`${path}/recoveryPoints`)).body.value).toEqual([]);
  });
});

describe('the JSON the emulator reads is strict: unknown keys are refused at every depth, named', () => {
  const inventory = JSON.parse(readFileSync(DEFAULT_INVENTORY_PATH, 'utf8'));

  /** Every object inside a JSON value, with its path. */
  function objectsOf(value: unknown, path: string[] = []): { path: string[]; object: Record<string, unknown> }[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => objectsOf(v, [...path, String(i)]));
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      return [{ path, object }, ...Object.entries(object).flatMap(([k, v]) => objectsOf(v, [...path, k]))];
    }
    return [];
  }

  function withExtraKey(document: unknown, at: string[], key: string) {
    const copy = structuredClone(document) as Record<string, unknown>;
    let target: any = copy;
    for (const segment of at) target = target[segment];
    target[key] = true;
    return copy;
  }

  const unknownKey = fc.stringMatching(/^[a-z][A-Za-z]{2,12}$/).map((k) => `x${k}`);

  it('inventory: any object, any unknown key', () => {
    const places = objectsOf(inventory);
    fc.assert(
      fc.property(fc.constantFrom(...places), unknownKey, (place, key) => {
        const error = (() => {
          try {
            parseInventory(withExtraKey(inventory, place.path, key));
          } catch (e) {
            return e as Error;
          }
        })();
        expect(error?.message).toContain(key);
        expect(error?.message).toContain(place.path.join('.') || '(root)');
      }),
      { numRuns: 60 },
    );
  });

  it('faults: any object, any unknown key', () => {
    const faults = {
      seed: 3,
      notFoundAs: '400',
      throttling: { probability: 0.1, methods: ['GET'] },
      stalledReplication: [{ item: 'a', atPercent: 10 }],
      failingJobs: [{ item: 'a', scenario: 'TestFailover' }],
      droppedResponses: [{ operation: 'ReplicationProtectedItems_Create' }],
      slowOperations: [{ factor: 2 }],
    };
    expect(() => parseFaultConfig(faults)).not.toThrow();
    fc.assert(
      fc.property(fc.constantFrom(...objectsOf(faults)), unknownKey, (place, key) => {
        expect(() => parseFaultConfig(withExtraKey(faults, place.path, key))).toThrow(key);
      }),
      { numRuns: 40 },
    );
  });

  it('the state file: a key the emulator never writes, at any depth, is refused at start, named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siteshift-state-'));
    const statePath = join(dir, 'state.json');
    const first = await startEmulator({ statePath, timeScale: 100_000 });
    const c = armClient(first);
    await c.call('PUT', c.item(FABRIC, CONTAINER, 'hv-web-01'), hyperVBody(c, FABRIC, CONTAINER, 'hv-web-01'));
    await first.stop();
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const places = objectsOf(state).filter((place) => !place.path.includes('enableInput'));
    try {
      for (const place of places) {
        writeFileSync(statePath, JSON.stringify(withExtraKey(state, place.path, 'strayKey')));
        const error = await startEmulator({ statePath }).then(
          async (started) => (await started.stop(), undefined),
          (e: Error) => e,
        );
        expect({ at: place.path.join('.'), message: error?.message }).toEqual({
          at: place.path.join('.'),
          message: expect.stringContaining('strayKey'),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the clock control refuses unknown keys, naming them', async () => {
    const answer = await client.call(
      'POST',
      '/_emulator/clock',
      { advanceSeconds: 1, advanceMinutes: 2 },
      { token: null, apiVersion: null },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('advanceMinutes');
  });
});

describe('Retry-After in virtual time (retryAfterSecondsAt)', () => {
  it("is Azure's 30 s at real time, scaled down with the clock, and never below 1 s", () => {
    expect(retryAfterSecondsAt(1)).toBe(AZURE_RETRY_AFTER_SECONDS);
    expect(retryAfterSecondsAt(2)).toBe(15);
    expect(retryAfterSecondsAt(60)).toBe(1);
    expect(retryAfterSecondsAt(100_000)).toBe(1);
  });
});
