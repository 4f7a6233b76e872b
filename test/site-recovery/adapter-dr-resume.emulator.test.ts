import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, type ReplicatedItemRef } from '../../site-recovery/site-recovery';
import { LOG_STORAGE_ACCOUNT_ID, REPROTECT_AGENTS } from '../support/dr-inventory';
import { adapterFor, crashingOp, handled, recordingOp, startTestEmulator, whileClockRuns } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

/** DR operations survive the worker that submitted them, as the migration calls do (adapter-resume.emulator.test.ts). */

let emulator: RunningEmulator;

beforeAll(async () => {
  // Real time: jobs only end when the test moves the clock, so a crash can land in the middle of one.
  emulator = await startTestEmulator({ timeScale: 1 });
});
afterAll(() => emulator?.stop());

async function committedFailover(sample: string, type: 'planned' | 'unplanned'): Promise<ReplicatedItemRef> {
  const request = sampleRequest(sample);
  const ref = replicatedItemRefFor(request);
  await whileClockRuns(emulator, () => adapterFor(emulator).enableReplication(request, recordingOp()));
  emulator.advanceClock(10 * 24 * 3600);
  await whileClockRuns(emulator, async () => {
    await adapterFor(emulator).failover(ref, { type, recoveryPoint: 'Latest' }, recordingOp());
    await adapterFor(emulator).commit(ref, recordingOp());
  });
  return ref;
}

it('a fresh adapter resumes a submitted reprotect to on-premises from its token instead of submitting again', async () => {
  const ref = await committedFailover('vmware', 'unplanned');
  const input = {
    onPremises: {
      reprotectAgentId: REPROTECT_AGENTS.vmware.id,
      datastoreName: REPROTECT_AGENTS.vmware.datastore,
      logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
    },
  };
  const crashed = crashingOp();
  await expect(adapterFor(emulator).reprotect(ref, input, crashed)).rejects.toMatchObject({ name: 'AbortError' });
  expect(crashed.tokens).toHaveLength(1);

  const retry = recordingOp(crashed.tokens[0]);
  await whileClockRuns(emulator, () => adapterFor(emulator).reprotect(ref, input, retry));
  expect(retry.tokens).toEqual([]);
  expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', ref.replicatedItemName)).toHaveLength(1);
  expect(await adapterFor(emulator).getProtection(ref)).toMatchObject({ stage: 'ReverseProtected', provider: 'InMageRcmFailback' });
});

it('without the token, a retried failback waits for the job running on the item and does not fail back twice', async () => {
  const ref = await committedFailover('hyperv-site', 'planned');
  const input = { provider: 'HyperVReplicaAzure', dataSync: 'ForDownTime' } as const;
  const crashed = crashingOp();
  await expect(adapterFor(emulator).failback(ref, input, crashed)).rejects.toMatchObject({ name: 'AbortError' });
  expect((await adapterFor(emulator).getProtection(ref)).stage).toBe('Transitioning');

  await whileClockRuns(emulator, () => adapterFor(emulator).failback(ref, input, recordingOp()));
  const planned = handled(emulator, 'ReplicationProtectedItems_PlannedFailover', ref.replicatedItemName);
  expect(planned).toHaveLength(2); // the failover, and one failback
  expect(await adapterFor(emulator).getProtection(ref)).toMatchObject({ stage: 'FailedBack', activeLocation: 'Primary' });
});
