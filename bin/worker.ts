import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { workerSettingsFromEnv } from '../config/worker';
import { waitForTemporal } from '../config/wait-for-temporal';
import { onShutdownSignal } from '../local-stack/shutdown-signals';
import { siteRecoveryConfigFromEnv } from '../site-recovery/azure/config';
import { createSiteRecovery } from '../site-recovery/create-site-recovery';
import { createMigrationWorker } from '../workers/worker';
import { exitCodeFor } from './exit-code';

const log = (line: string) => console.log(`siteshift worker: ${line}`);

/**
 * `npm run worker`: a worker against whatever the TEMPORAL_* settings point at, until SIGINT/SIGTERM. Started
 * while Temporal is down, it waits for it (SITESHIFT_TEMPORAL_WAIT_SECONDS, forever by default).
 */
async function main(): Promise<number> {
  // Our handler instead of the SDK's: it tells a duplicate Ctrl-C from a second one (see shutdown-signals.ts).
  Runtime.install({ shutdownSignals: [] });
  // Every setting first, so a wrong one stops the worker now rather than once Temporal answers.
  const settings = workerSettingsFromEnv(process.env);
  const siteRecoveryConfig = siteRecoveryConfigFromEnv(process.env);
  const target = settings.describeConnection;

  const stopRequested = new AbortController();
  let worker: Worker | undefined;
  onShutdownSignal((signal, forced) => {
    if (forced) process.exit(130);
    if (worker?.getState() === 'RUNNING') {
      log(`${signal} received, finishing in-flight tasks (again to force)...`);
      worker.shutdown();
    } else {
      log(`${signal} received, stopping.`);
      stopRequested.abort(new Error(`${signal} received`));
    }
  });

  let connection: NativeConnection;
  try {
    connection = await waitForTemporal(() => NativeConnection.connect(settings.connection.connectionOptions), {
      target,
      wait: settings.wait,
      log,
      signal: stopRequested.signal,
    });
  } catch (error) {
    if (stopRequested.signal.aborted) return 130;
    throw error;
  }
  try {
    worker = await createMigrationWorker({
      connection,
      namespace: settings.connection.namespace,
      taskQueue: settings.taskQueue,
      siteRecovery: createSiteRecovery(siteRecoveryConfig),
      tuning: settings.tuning,
      notifications: settings.notifications,
      decisionPolicy: settings.decisionPolicy,
    });
    if (stopRequested.signal.aborted) return 130; // a signal arrived while the worker was being created
    log(`task queue ${settings.taskQueue} on ${target}. Ctrl-C stops it.`);
    await worker.run(); // resolves once in-flight tasks are done after shutdown()
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, message } = exitCodeFor(error);
    console.error(message);
    process.exit(code);
  },
);
