import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMigrationRequest } from '../../common/migration-request';
import { SAMPLE_REQUESTS_PATH } from '../../emulator';
import { createSiteRecoveryFromEnv } from '../../site-recovery/create-site-recovery';
import { startEmbeddedEmulator } from '../../workers/embedded-emulator';

describe("npm start's embedded ASR emulator (workers/embedded-emulator.ts)", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-embedded-emulator-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps its state under the data folder and points the adapter at itself, trusting only its certificate', async () => {
    const embedded = await startEmbeddedEmulator(dataDir, { SITESHIFT_EMULATOR_PORT: '0' });
    try {
      expect(embedded!.statePath).toBe(join(dataDir, 'emulator', 'state.json'));
      expect(JSON.parse(readFileSync(embedded!.statePath, 'utf8'))).toEqual(expect.any(Object));
      expect(embedded!.siteRecoveryEnv).toMatchObject({
        SITESHIFT_ASR_ENDPOINT: embedded!.emulator.url,
        SITESHIFT_ASR_CA_CERT: embedded!.emulator.certificatePem,
        SITESHIFT_ASR_POLL_INTERVAL_MS: '1000',
      });
      expect(embedded!.siteRecoveryEnv.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();

      const siteRecovery = await createSiteRecoveryFromEnv(embedded!.siteRecoveryEnv);
      const samples = JSON.parse(readFileSync(SAMPLE_REQUESTS_PATH, 'utf8'));
      const report = await siteRecovery.preflight(parseMigrationRequest(samples.vmware.request));
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(embedded!.emulator.requestLog().length).toBeGreaterThan(0);
    } finally {
      await embedded?.emulator.stop();
    }
  });

  it('stays out of the way when SITESHIFT_ASR_ENDPOINT points the worker at Azure', async () => {
    await expect(startEmbeddedEmulator(dataDir, { SITESHIFT_ASR_ENDPOINT: 'https://management.azure.com' })).resolves.toBeUndefined();
  });

  it('names the setting to change when its port is taken', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmbeddedEmulator(dataDir, { SITESHIFT_EMULATOR_PORT: String(port) })).rejects.toThrow(
        `127.0.0.1:${port} is already in use (another emulator?). Stop that process, choose another port with SITESHIFT_EMULATOR_PORT`,
      );
    } finally {
      blocker.close();
    }
    await expect(startEmbeddedEmulator(dataDir, { SITESHIFT_EMULATOR_PORT: 'eighty' })).rejects.toThrow("SITESHIFT_EMULATOR_PORT is not valid: 'eighty'.");
  });
});
