import type { RunningEmulator } from '../../emulator';
import type { DisasterRecovery } from '../../site-recovery/disaster-recovery';
import { replicatedItemRefFor, type ReplicatedItemRef, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, recordingOp, startTestEmulator, untilProtected, whileClockRuns } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

/**
 * RPO and replication health of protected items under the replicationThroughput fault. Virtual time runs at wall-clock
 * speed here and tests move it with advanceClock, so the RPO read is what the test set up (give or take real seconds).
 */

let emulator: RunningEmulator;
let adapter: SiteRecovery & DisasterRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator({ timeScale: 1 });
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

async function protectedItem(sample: string): Promise<ReplicatedItemRef> {
  const request = sampleRequest(sample);
  await whileClockRuns(emulator, () => adapter.enableReplication(request, recordingOp()));
  await untilProtected(emulator, adapter, request);
  return replicatedItemRefFor(request);
}

/** Within a minute of the expected RPO: the wall clock keeps running between the calls. */
function expectAbout(rpoSeconds: number | undefined, seconds: number) {
  expect(rpoSeconds).toBeGreaterThanOrEqual(seconds);
  expect(rpoSeconds).toBeLessThan(seconds + 60);
}

it('a paused Hyper-V replication grows the RPO past the threshold (Warning, then Critical), and recovers once resumed', async () => {
  const ref = await protectedItem('hyperv-site');
  const healthy = await adapter.getProtection(ref);
  expect(healthy).toMatchObject({
    replicationHealth: 'Normal',
    rpoThresholdSeconds: 1800,
    rpoThresholdSource: 'default',
    healthErrors: [],
  });
  expectAbout(healthy.rpoSeconds, 300);
  expect(healthy.rpoCalculatedAt).toEqual(expect.any(String));

  emulator.setFaults({ replicationThroughput: [{ item: ref.replicatedItemName, factor: 0 }] });
  emulator.advanceClock(1200);
  const lagging = await adapter.getProtection(ref);
  expectAbout(lagging.rpoSeconds, 1500);
  expect(lagging.replicationHealth).toBe('Normal');
  const frozen = (await adapter.listRecoveryPoints(ref))[0];

  emulator.advanceClock(600);
  const warning = await adapter.getProtection(ref);
  expectAbout(warning.rpoSeconds, 2100);
  expect(warning.replicationHealth).toBe('Warning');
  expect(warning.healthErrors.map((e) => e.code)).toEqual(['RpoThresholdExceeded']);

  emulator.advanceClock(1800);
  const critical = await adapter.getProtection(ref);
  expectAbout(critical.rpoSeconds, 3900);
  expect(critical.replicationHealth).toBe('Critical');
  // Nothing new reached Azure: no newer recovery point, and the last one received is as old as the RPO says.
  expect((await adapter.listRecoveryPoints(ref))[0]).toEqual(frozen);
  expect(Date.parse(critical.rpoCalculatedAt!) - Date.parse(critical.lastRecoveryPointAt!)).toBe(critical.rpoSeconds! * 1000);

  emulator.setFaults({});
  emulator.advanceClock(600);
  const catchingUp = await adapter.getProtection(ref);
  expect(catchingUp.rpoSeconds).toBeLessThan(critical.rpoSeconds!);
  expect(catchingUp.replicationHealth).toBe('Warning');

  emulator.advanceClock(1200);
  const recovered = await adapter.getProtection(ref);
  expect(recovered).toMatchObject({ replicationHealth: 'Normal', healthErrors: [], rpoSeconds: 300 });
  const newest = (await adapter.listRecoveryPoints(ref))[0];
  expect(Date.parse(newest.time)).toBeGreaterThan(Date.parse(frozen.time));
});

it('a slowed VMware replication (half the rate it needs) grows the RPO at half the speed of time', async () => {
  const ref = await protectedItem('vmware');
  expectAbout((await adapter.getProtection(ref)).rpoSeconds, 30);
  emulator.setFaults({ replicationThroughput: [{ item: 'vmw-app-01', factor: 0.5 }] });
  emulator.advanceClock(4000);
  const slowed = await adapter.getProtection(ref);
  expectAbout(slowed.rpoSeconds, 2030);
  expect(slowed).toMatchObject({ replicationHealth: 'Warning', stage: 'Protected' });
  emulator.setFaults({});
});

it("reads the RPO threshold from the policy where ASR reports one (A2A's recoveryPointThresholdInMinutes)", async () => {
  const ref = await protectedItem('azure');
  expect(await adapter.getProtection(ref)).toMatchObject({ rpoThresholdSeconds: 1800, rpoThresholdSource: 'policy', provider: 'A2A' });
});
