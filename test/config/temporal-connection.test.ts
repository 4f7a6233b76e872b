import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnection, loadConnectionSettings } from '../../config/temporal-connection';

describe('loadConnectionSettings', () => {
  let scratch: string;
  // A HOME without ~/.config/temporalio/temporal.toml, so the developer's own profile never leaks in.
  let isolated: NodeJS.ProcessEnv;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'siteshift-connection-test-'));
    isolated = { HOME: scratch, XDG_CONFIG_HOME: join(scratch, 'config') };
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('defaults to the local dev server, plaintext', () => {
    const settings = loadConnectionSettings(isolated);
    expect(settings.namespace).toBe('default');
    expect(settings.connectionOptions.address).toBe('localhost:7233');
    expect(settings.connectionOptions.tls).toBeUndefined();
    expect(describeConnection(settings)).toBe('localhost:7233 (namespace default, plaintext)');
  });

  it('reads the standard TEMPORAL_* variables; an API key turns TLS on', () => {
    const settings = loadConnectionSettings({
      ...isolated,
      TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'my-ns.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(settings).toEqual({
      namespace: 'my-ns.a1b2c',
      connectionOptions: expect.objectContaining({ address: 'my-ns.a1b2c.tmprl.cloud:7233', apiKey: 'secret-key', tls: true }),
    });
    expect(describeConnection(settings)).not.toContain('secret-key');
  });

  it('loads the profile named by TEMPORAL_PROFILE from TEMPORAL_CONFIG_FILE, with variables overriding it', () => {
    const configFile = join(scratch, 'temporal.toml');
    writeFileSync(
      configFile,
      [
        '[profile.prod]',
        'address = "temporal.internal:7233"',
        'namespace = "migrations"',
        '[profile.prod.tls]',
        'server_name = "temporal.internal"',
      ].join('\n'),
    );
    const env = { ...isolated, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod' };

    const fromProfile = loadConnectionSettings(env);
    expect(fromProfile.namespace).toBe('migrations');
    expect(fromProfile.connectionOptions.address).toBe('temporal.internal:7233');
    expect(fromProfile.connectionOptions.tls).toEqual(expect.objectContaining({ serverNameOverride: 'temporal.internal' }));

    expect(loadConnectionSettings({ ...env, TEMPORAL_NAMESPACE: 'other' }).namespace).toBe('other');
  });

  it('names the problem when the requested profile does not exist', () => {
    const configFile = join(scratch, 'temporal.toml');
    writeFileSync(configFile, '[profile.default]\naddress = "x:1"\n');
    expect(() => loadConnectionSettings({ ...isolated, TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'staging' })).toThrow(
      /Cannot load Temporal connection settings.*Profile 'staging' not found/,
    );
  });
});
