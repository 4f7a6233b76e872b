import type { RunningEmulator } from '../../emulator';
import { adapterFor, recordingOp, startTestEmulator } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

function apiVersionsOfRequestsAfter(seq: number): string[] {
  return [
    ...new Set(
      emulator
        .requestLog()
        .filter((entry) => entry.seq > seq)
        .map((entry) => entry.apiVersion ?? '(none)'),
    ),
  ];
}

it("sends the SDK's api-version by default, on every call and every poll", async () => {
  const mark = emulator.requestLog().at(-1)?.seq ?? 0;
  await adapterFor(emulator).enableReplication(sampleRequest('vmware-db'), recordingOp());
  expect(apiVersionsOfRequestsAfter(mark)).toEqual(['2023-06-01']);
});

it('sends the configured api-version when overridden', async () => {
  const mark = emulator.requestLog().at(-1)?.seq ?? 0;
  await adapterFor(emulator, { apiVersion: '2023-08-01' }).enableReplication(sampleRequest('azure-app'), recordingOp());
  expect(apiVersionsOfRequestsAfter(mark)).toEqual(['2023-08-01']);
});
