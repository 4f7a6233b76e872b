import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { adapterFor, handled, recordingOp, whileClockRuns } from '../support/emulator-fixture';
import { sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
const statePath = join(mkdtempSync(join(tmpdir(), 'asr-restart-')), 'state.json');

afterAll(() => emulator?.stop());

describe('the emulator restarts in the middle of an operation', () => {
  it('the adapter resumes the operation submitted before the restart, and it runs once', async () => {
    emulator = await startEmulator({ timeScale: 1, statePath });
    const request = sampleRequest('aws-app');
    await whileClockRuns(emulator, () => adapterFor(emulator).enableReplication(request, recordingOp()));
    emulator.advanceClock(30 * 24 * 3600);

    const abort = new AbortController();
    const crashed = recordingOp();
    const record = crashed.onSubmitted;
    crashed.onSubmitted = (token) => {
      record(token);
      abort.abort();
    };
    await expect(adapterFor(emulator).failOver(request, { ...crashed, abortSignal: abort.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const port = emulator.port;
    await emulator.stop();

    emulator = await startEmulator({ timeScale: 1, statePath, port });
    const { targetVmId } = await whileClockRuns(emulator, () => adapterFor(emulator).failOver(request, recordingOp(crashed.tokens[0])));
    expect(targetVmId).toContain('virtualMachines/');
    expect(handled(emulator, 'ReplicationProtectedItems_UnplannedFailover', request.machineId)).toHaveLength(1);
  });
});
