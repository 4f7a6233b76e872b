import { MigrationClient } from '../client';
import { TokensFile } from '../api/identity/tokens-file';
import { listenApi } from '../api/listen';
import { cliVersion } from '../cli/version';
import { apiSettingsFromEnv } from '../config/api';
import { temporalWaitFromEnv } from '../config/temporal-connection';
import { onShutdownSignal } from '../local-stack/shutdown-signals';
import { exitCodeFor } from './exit-code';

/**
 * `npm run serve`: the HTTP API alone, against whatever the TEMPORAL_* settings point at (a worker runs
 * elsewhere: `npm run worker` or `npm start`), until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const settings = apiSettingsFromEnv(process.env);
  // Read before waiting for Temporal, so a broken tokens file stops the server now.
  const identities = new TokensFile(settings.tokensFile);
  const stopRequested = new AbortController();
  const migrations = await MigrationClient.connect({ wait: temporalWaitFromEnv(process.env, 'forever'), signal: stopRequested.signal });
  const { app } = await listenApi(migrations, settings, { identities, logger: true, version: cliVersion() });
  onShutdownSignal((signal, forced) => {
    if (forced) process.exit(130);
    app.log.info(`${signal} received, stopping`);
    stopRequested.abort();
    void app.close().then(() => migrations.close());
  });
}

main().catch((error: unknown) => {
  const { code, message } = exitCodeFor(error);
  console.error(`siteshift serve: ${message}`);
  process.exit(code);
});
