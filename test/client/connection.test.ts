import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectToTemporal } from '../../client/connection';
import { TemporalMisconfiguredError, TemporalUnreachableError } from '../../config/wait-for-temporal';
import { freePort } from '../../local-stack/free-port';
import { TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';

describe('connectToTemporal with a bounded wait (one-shot commands)', () => {
  let scratch: string;
  let isolated: NodeJS.ProcessEnv;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'siteshift-client-connection-'));
    isolated = { HOME: scratch, XDG_CONFIG_HOME: join(scratch, 'config') };
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('connects to a running server', async () => {
    const { connection } = await connectToTemporal({
      env: { ...isolated, TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR] },
      // Returns as soon as the server answers; a busy one may take seconds.
      wait: 30_000,
    });
    await connection.close();
  });

  it('gives up after the wait when nothing answers, with a line per attempt', async () => {
    const lines: string[] = [];
    const address = `127.0.0.1:${await freePort()}`;
    const connecting = connectToTemporal({ env: { ...isolated, TEMPORAL_ADDRESS: address }, wait: 1_000, log: (line) => lines.push(line) });
    await expect(connecting).rejects.toThrow(TemporalUnreachableError);
    await expect(connecting).rejects.toThrow(`Temporal at ${address} (namespace default, plaintext) did not answer`);
  });

  it('fails at once, however long it may wait, when the host name does not resolve', async () => {
    const connecting = connectToTemporal({ env: { ...isolated, TEMPORAL_ADDRESS: 'no-such-host.invalid:7233' }, wait: 'forever' });
    await expect(connecting).rejects.toThrow(TemporalMisconfiguredError);
    await expect(connecting).rejects.toThrow('the host name does not resolve');
  });
});
