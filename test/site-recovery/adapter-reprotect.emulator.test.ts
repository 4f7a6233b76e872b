import type { RunningEmulator } from '../../emulator';
import type { DisasterRecovery } from '../../site-recovery/disaster-recovery';
import { replicatedItemRefFor, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery & DisasterRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

it('reprotect after a committed Azure-to-Azure failover reverses replication, and commit and reprotect each run once', async () => {
  const request = sampleRequest('azure-app');
  const ref = replicatedItemRefFor(request);
  await adapter.enableReplication(request, recordingOp());
  await untilProtected(emulator, adapter, request);
  await adapter.failOver(request, recordingOp());

  for (let attempt = 0; attempt < 2; attempt++) {
    await adapter.commit(ref, recordingOp());
    await adapter.reprotect(ref, {}, recordingOp());
  }

  expect(handled(emulator, 'ReplicationProtectedItems_FailoverCommit', request.machineId)).toHaveLength(1);
  expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(1);
  expect((await adapter.getReplication(ref)).protectionState).toBe('Protected');
});

it('InMageRcm reprotect without the on-premises appliance inputs is refused before anything is sent', async () => {
  const request = sampleRequest('vmware');
  const ref = replicatedItemRefFor(request);
  await adapter.enableReplication(request, recordingOp());
  await expect(adapter.reprotect(ref, {}, recordingOp())).rejects.toMatchObject({ code: 'ReprotectInputMissing', retryable: false });
  expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(0);
});
