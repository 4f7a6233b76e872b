import { dirname } from 'node:path';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { taskQueue as configuredTaskQueue } from '../common/task-queue';
import { createSiteRecoveryFromEnv } from '../site-recovery/create-site-recovery';
import { startDevServer } from './dev-server';
import { startEmbeddedEmulator } from './embedded-emulator';
import { onShutdownSignal } from './shutdown-signals';
import { createMigrationWorker } from './worker';

/**
 * `npm start`: the embedded stack (Temporal dev server on SQLite + migration worker) until Ctrl-C.
 * Shutdown runs in reverse start order, so the worker drains before the server it talks to goes away.
 */
async function main(): Promise<void> {
  // We handle the signals ourselves to order the shutdown; the SDK would only stop the worker.
  Runtime.install({ shutdownSignals: [] });

  const stops: Array<() => Promise<void>> = [];
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
      void stopAll(130);
    }
  });

  try {
    const server = await startDevServer();
    stops.push(server.stop);

    // The local ASR emulator, unless SITESHIFT_ASR_ENDPOINT points the worker at Azure.
    const embedded = await startEmbeddedEmulator(dirname(server.dbFile));
    if (embedded) stops.push(embedded.emulator.stop);

    const connection = await NativeConnection.connect({ address: server.address });
    stops.push(() => connection.close());
    const siteRecovery = await createSiteRecoveryFromEnv(embedded?.siteRecoveryEnv);
    const queue = configuredTaskQueue();
    worker = await createMigrationWorker({ connection, namespace: server.namespace, taskQueue: queue, siteRecovery });

    console.log(
      [
        '',
        'siteshift is running:',
        `  Temporal gRPC   ${server.address}  (namespace ${server.namespace})`,
        `  Temporal UI     ${server.uiUrl}`,
        `  Task queue      ${queue}`,
        `  Data            ${server.dbFile}`,
        embedded
          ? `  ASR emulator    ${embedded.emulator.url}  (state ${embedded.statePath})`
          : `  Site Recovery   ${process.env.SITESHIFT_ASR_ENDPOINT?.trim()}  (SITESHIFT_ASR_ENDPOINT)`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    if (stopping) return; // a signal arrived during start-up and is already stopping everything
    await worker.run();
    await stopAll(0);
  } catch (error) {
    if (!stopping) console.error(error instanceof Error ? error.stack ?? error.message : error);
    await stopAll(1);
  }
}

void main();
