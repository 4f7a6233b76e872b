import { startEmulator, type RunningEmulator } from '../../emulator';
import { JOB_DURATION_SECONDS } from '../../emulator/model/jobs';
import { armClient } from '../support/arm-client';
import { hyperVBody } from '../support/enable-bodies';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 1 });
});
afterAll(() => emulator.stop());

/**
 * On a loaded machine time passes between any two readings of the clock, even within one request. Here it is made
 * to: every reading is a step later than the one before (and nothing else moves it), so a request that read the
 * clock twice would see an operation still running in one reading and ended in the next.
 */
function clockStepsOnEveryReading(stepMs: number): () => void {
  const start = Date.now();
  let readings = 0;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => start + ++readings * stepMs);
  return () => spy.mockRestore();
}

describe('one request sees one moment of the emulator clock', () => {
  it('an operation result that says the enable is done shows the item enabled, not the state before', async () => {
    const client = armClient(emulator);
    const item = client.item('hyperv-site-hq', 'cloud_hq-site', 'hv-web-01');
    // Each reading 100 of the enable job's 120 virtual seconds later: the job ends between two readings.
    const restore = clockStepsOnEveryReading((JOB_DURATION_SECONDS.EnableDr - 20) * 1000);
    try {
      const enable = await client.call('PUT', item, hyperVBody(client, 'hyperv-site-hq', 'cloud_hq-site', 'hv-web-01'));
      expect(enable.status).toBe(202);
      let result = await client.get(String(enable.headers.location));
      for (let polls = 1; result.status === 202 && polls < 10; polls++) result = await client.get(String(enable.headers.location));
      expect(result.status).toBe(200);
      expect(result.body.properties).toMatchObject({ protectionState: 'InitialReplicationInProgress' });
      expect(result.body.properties.currentScenario).toMatchObject({ scenarioName: 'None' });
    } finally {
      restore();
    }
  });
});
