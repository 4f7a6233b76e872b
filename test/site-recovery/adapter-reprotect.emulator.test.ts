import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

it('reprotect after an Azure-to-Azure failover commits the failover, reverses replication, and does each once', async () => {
  const request = sampleRequest('azure-app');
  const ref = replicatedItemRefFor(request);
  await adapter.enableReplication(request, recordingOp());
  await untilProtected(emulator, adapter, request);
  await adapter.failOver(request, recordingOp());

  await adapter.reprotect(ref, recordingOp());
  await adapter.reprotect(ref, recordingOp());

  expect(handled(emulator, 'ReplicationProtectedItems_FailoverCommit', request.machineId)).toHaveLength(1);
  expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(1);
  expect((await adapter.getReplication(ref)).protectionState).toBe('Protected');
});

it('InMageRcm reprotect is refused with a reason until failback is built', async () => {
  const request = sampleRequest('vmware');
  const ref = replicatedItemRefFor(request);
  await adapter.enableReplication(request, recordingOp());
  await expect(adapter.reprotect(ref, recordingOp())).rejects.toMatchObject({ code: 'ReprotectNotSupported', retryable: false });
});
