import { devServerSettingsFromEnv, embeddedEmulatorSettingsFromEnv } from '../../config/local-stack';

describe("npm start's settings (config/local-stack.ts)", () => {
  it('rejects a port setting that is not a port, naming the variable and what it expects', () => {
    expect(() => devServerSettingsFromEnv({ SITESHIFT_TEMPORAL_PORT: '72x3' })).toThrow(
      "SITESHIFT_TEMPORAL_PORT must be a port number between 1 and 65535, got '72x3'.",
    );
    expect(devServerSettingsFromEnv({ SITESHIFT_TEMPORAL_PORT: '9000' }).uiPort).toBe(10000);
    expect(() => embeddedEmulatorSettingsFromEnv({ SITESHIFT_EMULATOR_PORT: 'eighty' })).toThrow(
      "SITESHIFT_EMULATOR_PORT must be a port number between 0 and 65535 (0: any free port), got 'eighty'.",
    );
    expect(() => embeddedEmulatorSettingsFromEnv({ SITESHIFT_EMULATOR_TIME_SCALE: '0' })).toThrow(
      "SITESHIFT_EMULATOR_TIME_SCALE must be a positive number, got '0'.",
    );
  });

  it('starts no emulator when SITESHIFT_ASR_ENDPOINT points the worker at Azure', () => {
    expect(embeddedEmulatorSettingsFromEnv({ SITESHIFT_ASR_ENDPOINT: 'https://management.azure.com' })).toBeUndefined();
    expect(embeddedEmulatorSettingsFromEnv({})).toEqual({ port: 8443, timeScale: 60, pollIntervalMs: 1000 });
  });
});
