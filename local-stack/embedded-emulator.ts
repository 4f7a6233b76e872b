import { join } from 'node:path';
import type { EmbeddedEmulatorSettings } from '../config/local-stack';
import { retryAfterSecondsAt, startEmulator, type RunningEmulator } from '../emulator';
import type { SiteRecoveryConfig, SiteRecoveryConfigInput } from '../site-recovery/azure/config';

export interface EmbeddedEmulator {
  emulator: RunningEmulator;
  statePath: string;
  /**
   * The adapter's configuration pointed at the emulator, trusting only its certificate: the rest of `fromEnv`
   * (SITESHIFT_ASR_*) is kept, and a static token is used unless SITESHIFT_ASR_TOKEN gives one.
   */
  adapterConfig(fromEnv: SiteRecoveryConfig): SiteRecoveryConfigInput;
}

/**
 * `npm start`'s ASR emulator: state under the data folder, so a restart loses no replication, on a fixed port
 * so the operation URLs in interrupted activities' heartbeats stay valid across restarts.
 */
export async function startEmbeddedEmulator(dataDir: string, settings: EmbeddedEmulatorSettings): Promise<EmbeddedEmulator> {
  const { port, timeScale, pollIntervalMs } = settings;
  const statePath = join(dataDir, 'emulator', 'state.json');
  const emulator = await startEmulator({ port, statePath, timeScale, pollRetryAfterSeconds: retryAfterSecondsAt(timeScale) }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(
        `Cannot start the ASR emulator: 127.0.0.1:${port} is already in use (another emulator?). ` +
          'Stop that process, choose another port with SITESHIFT_EMULATOR_PORT, or set SITESHIFT_ASR_ENDPOINT to use it instead.',
      );
    },
  );
  return {
    emulator,
    statePath,
    adapterConfig: (fromEnv) => ({
      ...fromEnv,
      endpoint: emulator.url,
      credential: fromEnv.credential.mode === 'static-token' ? fromEnv.credential : { mode: 'static-token', token: 'emulator' },
      caCertificatePem: emulator.certificatePem,
      pollIntervalMs,
    }),
  };
}
