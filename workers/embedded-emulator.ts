import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator';

export interface EmbeddedEmulator {
  emulator: RunningEmulator;
  statePath: string;
  /** The environment for createSiteRecoveryFromEnv: the adapter pointed at the emulator, trusting only its certificate. */
  siteRecoveryEnv: NodeJS.ProcessEnv;
}

/**
 * `npm start`'s ASR emulator, unless SITESHIFT_ASR_ENDPOINT points the worker elsewhere (real Azure): state under
 * the data folder, so a restart loses no replication, on a fixed port (SITESHIFT_EMULATOR_PORT, default 8443) so
 * the operation URLs in interrupted activities' heartbeats stay valid across restarts.
 * SITESHIFT_EMULATOR_TIME_SCALE (default 60) sets virtual seconds per real second.
 */
export async function startEmbeddedEmulator(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedEmulator | undefined> {
  if (env.SITESHIFT_ASR_ENDPOINT?.trim()) return undefined;
  const port = numberFrom(env, 'SITESHIFT_EMULATOR_PORT', 8443, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const timeScale = numberFrom(env, 'SITESHIFT_EMULATOR_TIME_SCALE', 60, (n) => n > 0);
  const statePath = join(dataDir, 'emulator', 'state.json');
  const emulator = await startEmulator({ port, statePath, timeScale }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new Error(
      `Cannot start the ASR emulator: 127.0.0.1:${port} is already in use (another emulator?). ` +
        'Stop that process, choose another port with SITESHIFT_EMULATOR_PORT, or set SITESHIFT_ASR_ENDPOINT to use it instead.',
    );
  });
  return {
    emulator,
    statePath,
    siteRecoveryEnv: {
      ...env,
      SITESHIFT_ASR_ENDPOINT: emulator.url,
      SITESHIFT_ASR_TOKEN: env.SITESHIFT_ASR_TOKEN?.trim() || 'emulator',
      SITESHIFT_ASR_CA_CERT: emulator.certificatePem,
      // Polling a local emulator is cheap; Azure's 15 s default would make every step wait for nothing.
      SITESHIFT_ASR_POLL_INTERVAL_MS: env.SITESHIFT_ASR_POLL_INTERVAL_MS?.trim() || '1000',
    },
  };
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !valid(value)) throw new Error(`${name} is not valid: '${raw}'.`);
  return value;
}
