import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, recordingOp, startTestEmulator, whileClockRuns } from '../support/emulator-fixture';
import { sampleExpectation, sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery;

beforeAll(async () => {
  // Real time, so replication only moves when the test moves the clock.
  emulator = await startTestEmulator({ timeScale: 1 });
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

describe('preflight of misconfigured machines', () => {
  it.each(['misconfigured-no-container-mapping', 'misconfigured-missing-network-mapping', 'misconfigured-unknown-protectable-item'])(
    '%s fails exactly the check the sample expects, saying what is missing',
    async (name) => {
      const request = sampleRequest(name);
      const report = await adapter.preflight(request);
      const failed = report.checks.filter((check) => !check.ok);
      expect(failed.map((check) => check.resource)).toEqual([sampleExpectation(name).failedCheck]);
      expect(failed[0].message).toEqual(expect.any(String));
      expect(failed[0].message!.length).toBeGreaterThan(20);
    },
  );

  it('names the missing container mapping and the policy', async () => {
    const request = sampleRequest('misconfigured-no-container-mapping');
    const [failed] = (await adapter.preflight(request)).checks.filter((check) => !check.ok);
    expect(failed.message).toContain(request.source.protectionContainerName);
    expect(failed.message).toContain(request.replicationPolicyName);
  });

  it('a vault that does not exist fails the vault check and stops there', async () => {
    const request = sampleRequest('hyperv-site');
    const report = await adapter.preflight({ ...request, vault: { ...request.vault, name: 'no-such-vault' } });
    expect(report.checks).toEqual([
      expect.objectContaining({ resource: 'vault', ok: false, message: expect.stringContaining('no-such-vault') }),
    ]);
  });

  it('a policy of another provider is refused by name', async () => {
    const request = sampleRequest('vmware');
    const report = await adapter.preflight({ ...request, replicationPolicyName: sampleRequest('hyperv-site').replicationPolicyName });
    const policy = report.checks.find((check) => check.resource === 'replicationPolicy');
    expect(policy).toMatchObject({ ok: false, message: expect.stringContaining('InMageRcm') });
  });
});

describe.each(['hyperv-site-sql', 'vmware-db', 'azure-app'])('initial replication progress of %s', (name) => {
  const request = sampleRequest(name);
  const ref = replicatedItemRefFor(request);

  it('rises with time and reaches 100 when the item is protected', async () => {
    await whileClockRuns(emulator, () => adapter.enableReplication(request, recordingOp()), 30);
    const seen: number[] = [];
    for (let i = 0; i < 400; i++) {
      const snapshot = await adapter.getReplication(ref);
      seen.push(snapshot.initialSyncPercent);
      if (snapshot.initialSyncComplete) break;
      emulator.advanceClock(600);
    }
    const partial = seen.filter((percent) => percent > 0 && percent < 100);
    expect(partial.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect((await adapter.getReplication(ref)).protectionState).toBe('Protected');
  });
});
