import type { MigrationApiClient } from '../client/migration-api-client';
import { WaveClient } from '../client/wave-client';
import type { DecisionOptions } from '../client/migration-client';
import type { WaveDecisionName } from '../common/wave-decisions';
import type { WaveStatus } from '../common/wave-status';
import type { CliMigrations } from './commands';
import { directTemporal } from './direct-temporal';

/** What `siteshift wave` needs: WaveClient (Temporal directly) or the HTTP API (SITESHIFT_API_URL, as the token's identity). */
export interface CliWaves {
  startWave(request: unknown): Promise<{ wave: string; workflowId: string }>;
  waveStatus(wave: string): Promise<WaveStatus>;
  decide(
    wave: string,
    decision: WaveDecisionName,
    payload: Record<string, unknown>,
    options: DecisionOptions,
  ): Promise<WaveStatus | undefined>;
}

function isApiClient(backend: CliMigrations): backend is CliMigrations & MigrationApiClient {
  return typeof (backend as Partial<MigrationApiClient>).decideWave === 'function';
}

export function wavesFor(backend: CliMigrations, command: string): CliWaves {
  if (isApiClient(backend)) {
    return {
      startWave: (request) => backend.startWave(request),
      waveStatus: (wave) => backend.waveStatus(wave),
      decide: (wave, decision, payload) => backend.decideWave(wave, decision, payload),
    };
  }
  const direct = directTemporal(backend, command);
  const waves = new WaveClient(direct.client, direct.taskQueue);
  return {
    startWave: (request) => waves.startWave(request),
    waveStatus: (wave) => waves.waveStatus(wave),
    // Checked by the command already (parseWaveDecision); WaveClient checks it again.
    decide: (wave, decision, payload, options) => waves.decide(wave, decision, payload as never, options),
  };
}
