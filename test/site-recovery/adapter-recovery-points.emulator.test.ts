import type { MigrationRequest } from '../../common/migration-request';
import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, SiteRecoveryError, type SiteRecovery } from '../../site-recovery/site-recovery';
import { armClient, type ArmClient } from '../support/arm-client';
import type { DisasterRecovery } from '../../site-recovery/disaster-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

/**
 * Twenty points a page, so every recovery point list the adapter reads spans several pages; a slower clock than the
 * other adapter tests so a point is still listed (within the policy's 24 h retention) when the test checks it.
 */
let emulator: RunningEmulator;
let adapter: SiteRecovery & DisasterRecovery;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ pageSize: 20, timeScale: 10_000 });
  adapter = adapterFor(emulator);
  client = armClient(emulator);
});
afterAll(() => emulator?.stop());

function appConsistent(request: MigrationRequest): MigrationRequest {
  return { ...request, failover: { ...request.failover, recoveryPoint: 'LatestApplicationConsistent' } };
}

async function allRecoveryPoints(
  request: MigrationRequest,
): Promise<{ id: string; properties: { recoveryPointType: string; recoveryPointTime: string } }[]> {
  const ref = replicatedItemRefFor(request);
  return client.listAll(`${client.item(ref.fabricName, ref.protectionContainerName, ref.replicatedItemName)}/recoveryPoints`);
}

async function newestAppConsistentPoint(request: MigrationRequest) {
  const points = (await allRecoveryPoints(request)).filter((p) => p.properties.recoveryPointType === 'ApplicationConsistent');
  points.sort((a, b) => Date.parse(b.properties.recoveryPointTime) - Date.parse(a.properties.recoveryPointTime));
  return points[0];
}

/** The point the last (test) failover used is application-consistent and no older than the newest one seen before it. */
async function expectUsedNewestAppConsistent(request: MigrationRequest, newestBefore: { properties: { recoveryPointTime: string } }) {
  const used = itemState(request).failoverRecoveryPointId;
  expect(used).toBeDefined();
  const point = await client.get(used!);
  expect(point.status).toBe(200);
  expect(point.body.properties.recoveryPointType).toBe('ApplicationConsistent');
  expect(Date.parse(point.body.properties.recoveryPointTime)).toBeGreaterThanOrEqual(Date.parse(newestBefore.properties.recoveryPointTime));
  return point.body;
}

function itemState(request: MigrationRequest) {
  return Object.values(emulator.state().items).find((item) => item.name === request.machineId)!;
}

describe.each(['hyperv-site', 'vmware', 'physical', 'aws', 'azure'])('LatestApplicationConsistent, %s', (name) => {
  const request = appConsistent(sampleRequest(name));
  const ref = replicatedItemRefFor(request);

  it('test fails over and fails over to the newest application-consistent point, found across pages', async () => {
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    emulator.advanceClock(9 * 3600);

    const beforeTest = await newestAppConsistentPoint(request);
    await adapter.testFailover(request, recordingOp());
    const usedForTest = await expectUsedNewestAppConsistent(request, beforeTest);
    await adapter.cleanupTestFailover(ref, 'ok', recordingOp());

    emulator.advanceClock(5 * 3600);
    const beforeFailover = await newestAppConsistentPoint(request);
    expect(Date.parse(beforeFailover.properties.recoveryPointTime)).toBeGreaterThan(Date.parse(usedForTest.properties.recoveryPointTime));
    await adapter.failOver(request, recordingOp());
    await expectUsedNewestAppConsistent(request, beforeFailover);
    // Both lists were read page by page through nextLink.
    const pages = emulator
      .requestLog()
      .filter(
        (e) =>
          e.operation === 'RecoveryPoints_ListByReplicationProtectedItems' &&
          e.path.toLowerCase().includes(`/${request.machineId.toLowerCase()}/`),
      );
    expect(pages.length).toBeGreaterThan(2);
  });
});

describe('recovery points and throttling', () => {
  it('a 429 on the recovery point list is a retryable error, and nothing is submitted', async () => {
    const request = appConsistent(sampleRequest('vmware-db'));
    const noRetries = adapterFor(emulator, { maxRetries: 0 });
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    emulator.setFaults({ throttling: { nextRequests: 1, status: 429, retryAfterSeconds: 2, pathContains: '/recoveryPoints' } });
    try {
      const error = await noRetries.testFailover(request, recordingOp()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SiteRecoveryError);
      expect(error).toMatchObject({ code: 'TooManyRequests', retryable: true, options: { statusCode: 429, retryAfterMs: 2000 } });
      expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(0);
    } finally {
      emulator.setFaults({});
    }
    await noRetries.testFailover(request, recordingOp());
    expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(1);
  });

  it('no application-consistent point yet (policy without app-consistent snapshots) is said plainly', async () => {
    const inventory = structuredClone(emulator.inventory);
    inventory.policies.find((p) => p.provider === 'A2A')!.appConsistentFrequencyMinutes = 0;
    const own = await startTestEmulator({ inventory });
    try {
      const request = appConsistent(sampleRequest('azure-app'));
      const ownAdapter = adapterFor(own);
      await ownAdapter.enableReplication(request, recordingOp());
      await untilProtected(own, ownAdapter, request);
      const error = await ownAdapter.testFailover(request, recordingOp()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NoApplicationConsistentRecoveryPoint' });
    } finally {
      await own.stop();
    }
  });
});

describe('Azure states after a test failover, a cleanup and a reprotect', () => {
  const request = sampleRequest('azure-app');
  const ref = replicatedItemRefFor(request);

  it('returns from a test failover whose job waits, Suspended, for its cleanup, and a retry neither waits nor submits again', async () => {
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    await adapter.testFailover(request, recordingOp());
    const item = (await client.get(client.item(ref.fabricName, ref.protectionContainerName, ref.replicatedItemName))).body.properties;
    expect(item.currentScenario.scenarioName).toBe('TestFailover');
    const job = (await client.get(item.currentScenario.jobId)).body.properties;
    expect(job.state).toBe('Suspended');

    const mark = emulator.requestLog().at(-1)!.seq;
    await adapter.testFailover(request, recordingOp());
    const after = emulator.requestLog().filter((e) => e.seq > mark);
    expect(after.map((e) => e.operation)).not.toContain('ReplicationJobs_Get');
    expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(1);

    await adapter.cleanupTestFailover(ref, 'done', recordingOp());
    const cleaned = (await client.get(client.item(ref.fabricName, ref.protectionContainerName, ref.replicatedItemName))).body.properties;
    expect(cleaned).toMatchObject({ testFailoverState: 'MarkedForDeletion', currentScenario: { scenarioName: 'None' } });
    expect(cleaned.lastSuccessfulTestFailoverTime).toEqual(expect.any(String));
    expect((await client.get(item.currentScenario.jobId)).body.properties.state).toBe('Succeeded');
  });

  it("recognises a reprotect that already ran under Azure's states (activeLocation Primary, Protected)", async () => {
    await adapter.failOver(request, recordingOp());
    await adapter.commit(ref, recordingOp());
    await adapter.reprotect(ref, {}, recordingOp());
    const item = (await client.get(client.item(ref.fabricName, ref.protectionContainerName, ref.replicatedItemName))).body.properties;
    expect(item).toMatchObject({ protectionState: 'Protected', activeLocation: 'Primary' });
    await adapter.commit(ref, recordingOp());
    await adapter.reprotect(ref, {}, recordingOp());
    expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(1);
    expect(handled(emulator, 'ReplicationProtectedItems_FailoverCommit', request.machineId)).toHaveLength(1);
  });
});

describe('preflight when ASR answers a missing resource with 400 BadRequest', () => {
  it('reports the missing fabric as a failed check naming it, as it does for a 404', async () => {
    const request = sampleRequest('vmware');
    const missing = { ...request, source: { ...request.source, fabricName: 'no-such-fabric' } } as MigrationRequest;
    const as404 = await adapter.preflight(missing);
    emulator.setFaults({ notFoundAs: '400' });
    try {
      const raw = await client.get(`${client.vault}/replicationFabrics/no-such-fabric`);
      expect(raw.status).toBe(400);
      expect(raw.body.error).toMatchObject({ code: 'BadRequest', details: [expect.objectContaining({ code: 'FabricNotFound' })] });
      const as400 = await adapter.preflight(missing);
      for (const report of [as404, as400]) {
        const fabric = report.checks.find((c) => c.resource === 'fabric');
        expect(fabric).toMatchObject({
          ok: false,
          name: 'no-such-fabric',
          message: expect.stringContaining('Fabric no-such-fabric is not registered'),
        });
      }
      expect(as400.checks.find((c) => c.resource === 'fabric')?.message).toContain('FabricNotFound');
    } finally {
      emulator.setFaults({});
    }
  });
});
