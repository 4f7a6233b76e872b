import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, crashingOp, handled, recordingOp, whileClockRuns, startTestEmulator } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;

beforeAll(async () => {
  // Real time: jobs only end when the test moves the clock, so a crash can land in the middle of one.
  emulator = await startTestEmulator({ timeScale: 1 });
});
afterAll(() => emulator?.stop());

async function protectedItem(adapter: SiteRecovery, name: string) {
  const request = sampleRequest(name);
  await whileClockRuns(emulator, () => adapter.enableReplication(request, recordingOp()));
  emulator.advanceClock(10 * 24 * 3600);
  expect((await adapter.getReplication(replicatedItemRefFor(request))).initialSyncComplete).toBe(true);
  return request;
}

describe('a long-running operation survives the worker that submitted it', () => {
  it('a fresh adapter resumes the submitted test failover from its token instead of submitting again', async () => {
    const request = await protectedItem(adapterFor(emulator), 'hyperv-site');
    const ref = replicatedItemRefFor(request);

    const crashed = crashingOp();
    await expect(adapterFor(emulator).testFailover(request, crashed)).rejects.toMatchObject({ name: 'AbortError' });
    expect(crashed.tokens).toHaveLength(1);
    expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(1);
    expect((await adapterFor(emulator).getReplication(ref)).testFailoverState).not.toBe('WaitingForCompletion');

    const [submission] = handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId);
    const retry = recordingOp(crashed.tokens[0]);
    const { testVmId } = await whileClockRuns(emulator, () => adapterFor(emulator).testFailover(request, retry));
    const polledAfterCrash = emulator
      .requestLog()
      .filter((entry) => entry.seq > submission.seq && entry.operation === 'ReplicationOperationStatus_Get');
    expect(polledAfterCrash.length).toBeGreaterThan(0);
    expect(polledAfterCrash.every((entry) => entry.path.endsWith(`/${submission.jobName}`))).toBe(true);
    expect(testVmId).toContain('virtualMachines/');
    expect(retry.tokens).toEqual([]);
    expect(retry.progressCalls).toBeGreaterThan(0);
    expect(handled(emulator, 'ReplicationProtectedItems_TestFailover', request.machineId)).toHaveLength(1);
    expect((await adapterFor(emulator).getReplication(ref)).testFailoverState).toBe('WaitingForCompletion');
  });

  it('without the token, a retry waits for the job running on the item and does not fail over twice', async () => {
    const request = await protectedItem(adapterFor(emulator), 'vmware');
    const ref = replicatedItemRefFor(request);

    const crashed = crashingOp();
    await expect(adapterFor(emulator).failOver(request, crashed)).rejects.toMatchObject({ name: 'AbortError' });

    const { targetVmId } = await whileClockRuns(emulator, () => adapterFor(emulator).failOver(request, recordingOp()));
    expect(targetVmId).toContain('virtualMachines/');
    expect(handled(emulator, 'ReplicationProtectedItems_UnplannedFailover', request.machineId)).toHaveLength(1);
    expect((await adapterFor(emulator).getReplication(ref)).allowedOperations).toContain('CompleteMigration');
  });

  it('a token for another action is ignored rather than resumed into the wrong call', async () => {
    const request = await protectedItem(adapterFor(emulator), 'physical');
    const ref = replicatedItemRefFor(request);
    const crashed = crashingOp();
    await expect(adapterFor(emulator).testFailover(request, crashed)).rejects.toMatchObject({ name: 'AbortError' });
    await whileClockRuns(emulator, () => adapterFor(emulator).testFailover(request, recordingOp(crashed.tokens[0])));

    const cleanup = recordingOp(crashed.tokens[0]);
    await whileClockRuns(emulator, () => adapterFor(emulator).cleanupTestFailover(ref, 'done', cleanup));
    expect(cleanup.tokens).toHaveLength(1);
    expect(handled(emulator, 'ReplicationProtectedItems_TestFailoverCleanup', request.machineId)).toHaveLength(1);
  });
});
