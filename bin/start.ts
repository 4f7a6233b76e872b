import { dirname } from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { addToken, TokensFile } from '../api/identity/tokens-file';
import { listenApi } from '../api/listen';
import { cliVersion } from '../cli/version';
import { MigrationClient } from '../client/migration-client';
import { apiSettingsFromEnv } from '../config/api';
import { decisionPolicyFromEnv } from '../config/decision-policy';
import { startSettingsFromEnv } from '../config/local-stack';
import { waitForTemporal } from '../config/wait-for-temporal';
import { siteRecoveryConfigFromEnv } from '../site-recovery/azure/config';
import { createSiteRecovery } from '../site-recovery/create-site-recovery';
import { devServerOptions, startDevServer } from '../local-stack/dev-server';
import { startEmbeddedEmulator } from '../local-stack/embedded-emulator';
import { onShutdownSignal } from '../local-stack/shutdown-signals';
import { createMigrationWorker } from '../workers/worker';
import { exitCodeFor } from './exit-code';

/**
 * `npm start`: the embedded stack (Temporal dev server on SQLite + migration worker) until Ctrl-C.
 * Shutdown runs in reverse start order, so the worker drains before the server it talks to goes away.
 */
async function main(): Promise<void> {
  // We handle the signals ourselves to order the shutdown; the SDK would only stop the worker.
  Runtime.install({ shutdownSignals: [] });

  const stops: Array<() => Promise<void>> = [];
  const interrupted = new AbortController();
  let worker: Worker | undefined;
  let stopping = false;
  let stopped: Promise<never> | undefined;

  const stopAll = (exitCode: number): Promise<never> =>
    (stopped ??= (async () => {
      stopping = true;
      for (const stop of [...stops].reverse()) {
        await stop().catch((error: unknown) => console.error('siteshift: error while stopping:', error));
      }
      process.exit(exitCode);
    })());
  onShutdownSignal((signal, forced) => {
    if (forced) {
      console.error(`siteshift: ${signal} again, stopping immediately.`);
      process.exit(130); // the dev server stops by itself when this process ends (see dev-server.ts)
    }
    console.log(`\nsiteshift: ${signal} received, stopping (again to force)...`);
    if (worker?.getState() === 'RUNNING') {
      stopping = true;
      worker.shutdown(); // worker.run() below resolves, then everything else stops
    } else {
      interrupted.abort(new Error(`${signal} received`));
      void stopAll(130);
    }
  });

  try {
    const settings = startSettingsFromEnv(process.env);
    const siteRecoveryFromEnv = siteRecoveryConfigFromEnv(process.env);
    const apiSettings = apiSettingsFromEnv(process.env);
    const identities = new TokensFile(apiSettings.tokensFile);
    const server = await startDevServer(devServerOptions(settings.devServer));
    stops.push(server.stop);

    // The local ASR emulator, unless SITESHIFT_ASR_ENDPOINT points the worker at Azure.
    const embedded = settings.emulator && (await startEmbeddedEmulator(dirname(server.dbFile), settings.emulator));
    if (embedded) stops.push(embedded.emulator.stop);

    const connection = await waitForTemporal(() => NativeConnection.connect({ address: server.address }), {
      target: `${server.address} (namespace ${server.namespace}, plaintext)`,
      wait: settings.wait,
      log: (line) => console.log(`siteshift: ${line}`),
      signal: interrupted.signal,
    });
    stops.push(() => connection.close());
    const siteRecovery = createSiteRecovery(embedded ? embedded.adapterConfig(siteRecoveryFromEnv) : siteRecoveryFromEnv);
    const queue = settings.taskQueue;
    worker = await createMigrationWorker({
      connection,
      namespace: server.namespace,
      taskQueue: queue,
      siteRecovery,
      tuning: settings.tuning,
      notifications: settings.notifications,
      // The API beside it signs with SITESHIFT_DECISION_SIGNING_KEY_FILE: its public half, unless a public key file is set.
      decisionPolicy: decisionPolicyFromEnv(process.env, apiSettings.decisionSigningKey),
    });

    // The HTTP API beside the worker; on first run, an admin token to call it with (printed once, below).
    const firstToken = identities.size === 0 ? addToken(apiSettings.tokensFile, 'local-admin', ['admin']) : undefined;
    const migrations = new MigrationClient(new Client({ connection, namespace: server.namespace }), queue);
    const api = await listenApi(migrations, apiSettings, { identities, logger: { level: 'warn' }, version: cliVersion() });
    stops.push(() => api.app.close());

    console.log(
      [
        '',
        'siteshift is running:',
        `  Temporal gRPC   ${server.address}  (namespace ${server.namespace})`,
        `  Temporal UI     ${server.uiUrl}`,
        `  Task queue      ${queue}`,
        `  Console         ${api.url}/`,
        `  HTTP API        ${api.url}  (docs ${api.url}/docs, tokens ${apiSettings.tokensFile})`,
        ...(firstToken
          ? [`  Admin token     ${firstToken}  (local-admin, created on this first run and shown only now: sign in to the console with it)`]
          : []),
        `  Data            ${server.dbFile}`,
        embedded
          ? `  ASR emulator    ${embedded.emulator.url}  (state ${embedded.statePath})`
          : `  Site Recovery   ${settings.asrEndpoint}  (SITESHIFT_ASR_ENDPOINT)`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    if (stopping) return; // a signal arrived during start-up and is already stopping everything
    await worker.run();
    await stopAll(0);
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (!stopping) console.error(message);
    await stopAll(code); // already under way (with its own exit code) if a signal started it
  }
}

void main();
