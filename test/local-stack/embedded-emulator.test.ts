import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMigrationRequest } from '../../common/migration-request';
import { SAMPLE_REQUESTS_PATH } from '../../emulator';
import { embeddedEmulatorSettingsFromEnv } from '../../config/local-stack';
import { siteRecoveryConfigFromEnv } from '../../site-recovery/azure/config';
import { createSiteRecovery } from '../../site-recovery/create-site-recovery';
import { startEmbeddedEmulator } from '../../local-stack/embedded-emulator';

describe("npm start's embedded ASR emulator (local-stack/embedded-emulator.ts)", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'siteshift-embedded-emulator-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps its state under the data folder and points the adapter at itself, trusting only its certificate', async () => {
    const embedded = await startEmbeddedEmulator(dataDir, settings({ SITESHIFT_EMULATOR_PORT: '0' }));
    try {
      expect(embedded.statePath).toBe(join(dataDir, 'emulator', 'state.json'));
      expect(JSON.parse(readFileSync(embedded.statePath, 'utf8'))).toEqual(expect.any(Object));
      const adapterConfig = embedded.adapterConfig(siteRecoveryConfigFromEnv({}));
      expect(adapterConfig).toMatchObject({
        endpoint: embedded.emulator.url,
        credential: { mode: 'static-token', token: 'emulator' },
        caCertificatePem: embedded.emulator.certificatePem,
        pollIntervalMs: 1000,
      });
      expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();

      const siteRecovery = createSiteRecovery(adapterConfig);
      const samples = JSON.parse(readFileSync(SAMPLE_REQUESTS_PATH, 'utf8'));
      const report = await siteRecovery.preflight(parseMigrationRequest(samples.vmware.request));
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(embedded.emulator.requestLog().length).toBeGreaterThan(0);
    } finally {
      await embedded.emulator.stop();
    }
  });

  it("keeps the operator's SITESHIFT_ASR_* settings other than where and how to connect", async () => {
    const embedded = await startEmbeddedEmulator(
      dataDir,
      settings({ SITESHIFT_EMULATOR_PORT: '0', SITESHIFT_ASR_POLL_INTERVAL_MS: '200' }),
    );
    try {
      const fromEnv = siteRecoveryConfigFromEnv({
        SITESHIFT_ASR_TOKEN: 'mine',
        SITESHIFT_ASR_MAX_RETRIES: '5',
        SITESHIFT_ASR_ENDPOINT: 'https://example.test',
      });
      expect(embedded.adapterConfig(fromEnv)).toMatchObject({
        endpoint: embedded.emulator.url,
        credential: { mode: 'static-token', token: 'mine' },
        maxRetries: 5,
        pollIntervalMs: 200,
      });
    } finally {
      await embedded.emulator.stop();
    }
  });

  it('names the setting to change when its port is taken', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmbeddedEmulator(dataDir, settings({ SITESHIFT_EMULATOR_PORT: String(port) }))).rejects.toThrow(
        `127.0.0.1:${port} is already in use (another emulator?). Stop that process, choose another port with SITESHIFT_EMULATOR_PORT`,
      );
    } finally {
      blocker.close();
    }
  });
});

function settings(env: NodeJS.ProcessEnv) {
  return embeddedEmulatorSettingsFromEnv(env)!;
}
