import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSiteRecoveryConfig, siteRecoveryConfigFromEnv } from '../../site-recovery/azure/config';
import { createSiteRecoveryFromEnv } from '../../site-recovery/create-site-recovery';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('Site Recovery configuration from the environment', () => {
  it('defaults to Azure Resource Manager with DefaultAzureCredential', () => {
    expect(siteRecoveryConfigFromEnv({})).toEqual({
      endpoint: 'https://management.azure.com',
      credential: { mode: 'default-azure-credential' },
      pollIntervalMs: 15_000,
      maxRetries: 3,
    });
  });

  it('points at the emulator with a static token and its CA read from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asr-config-'));
    writeFileSync(join(dir, 'ca.pem'), PEM);
    const config = siteRecoveryConfigFromEnv({
      SITESHIFT_ASR_ENDPOINT: 'https://127.0.0.1:8443',
      SITESHIFT_ASR_TOKEN: 'emulator',
      SITESHIFT_ASR_CA_CERT: join(dir, 'ca.pem'),
      SITESHIFT_ASR_POLL_INTERVAL_MS: '50',
      SITESHIFT_ASR_MAX_RETRIES: '0',
      SITESHIFT_ASR_API_VERSION: '2023-08-01',
    });
    expect(config).toMatchObject({
      endpoint: 'https://127.0.0.1:8443',
      credential: { mode: 'static-token', token: 'emulator' },
      caCertificatePem: PEM,
      pollIntervalMs: 50,
      maxRetries: 0,
      apiVersion: '2023-08-01',
    });
  });

  it('accepts the CA as PEM text too', () => {
    expect(siteRecoveryConfigFromEnv({ SITESHIFT_ASR_CA_CERT: PEM }).caCertificatePem).toBe(PEM.trim());
  });

  it('names the variable at fault', () => {
    expect(() => siteRecoveryConfigFromEnv({ SITESHIFT_ASR_ENDPOINT: 'http://127.0.0.1:8080' })).toThrow(
      /SITESHIFT_ASR_ENDPOINT: must be an https URL/,
    );
    expect(() => siteRecoveryConfigFromEnv({ SITESHIFT_ASR_POLL_INTERVAL_MS: 'fast' })).toThrow(/SITESHIFT_ASR_POLL_INTERVAL_MS/);
    expect(() => siteRecoveryConfigFromEnv({ SITESHIFT_ASR_CA_CERT: '/nonexistent/ca.pem' })).toThrow(
      /SITESHIFT_ASR_CA_CERT: cannot read the PEM file \/nonexistent\/ca.pem/,
    );
  });

  it('refuses unknown keys at every level of a configuration given in code, naming them', () => {
    expect(() => parseSiteRecoveryConfig({ credential: { mode: 'default-azure-credential', token: 'x' } as never })).toThrow(
      '  - credential: unrecognized key "token"',
    );
    expect(() => parseSiteRecoveryConfig({ credential: { mode: 'default-azure-credential' }, pollIntervalMS: 50 } as never)).toThrow(
      '  - (config): unrecognized key "pollIntervalMS"',
    );
    expect(() => parseSiteRecoveryConfig({} as never)).toThrow('  - credential: is required');
  });

  it('builds an adapter without contacting anything', async () => {
    const adapter = await createSiteRecoveryFromEnv({ SITESHIFT_ASR_ENDPOINT: 'https://127.0.0.1:9', SITESHIFT_ASR_TOKEN: 't' });
    expect(typeof adapter.enableReplication).toBe('function');
  });
});
