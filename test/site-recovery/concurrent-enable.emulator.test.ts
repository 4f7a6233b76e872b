import type { RunningEmulator } from '../../emulator';
import { adapterFor, recordingOp, startTestEmulator } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

it('two attempts enabling the same machine at once create one item; the other adopts it', async () => {
  const request = sampleRequest('hyperv-site');
  const results = await Promise.all(
    [adapterFor(emulator), adapterFor(emulator)].map((adapter) => adapter.enableReplication(request, recordingOp())),
  );
  expect(results.map((item) => item.adopted).sort()).toEqual([false, true]);
  expect(results[0].id).toBe(results[1].id);
  const accepted = emulator.requestLog().filter((entry) => entry.operation === 'ReplicationProtectedItems_Create' && entry.status < 300);
  expect(accepted).toHaveLength(1);
});
