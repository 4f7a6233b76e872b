import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { taskQueue as configuredTaskQueue } from '../common/task-queue';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { describeConnection, loadConnectionSettings } from './connection';
import { onShutdownSignal } from './shutdown-signals';
import { MIGRATION_PRELOAD_MODULES, MIGRATION_WORKFLOWS_PATH } from './workflow-bundle';
import { workerOptionsFor, workerTuningFromEnv, type WorkerTuning } from './worker-tuning';

export interface MigrationWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  siteRecovery: SiteRecovery;
  /** Defaults to "default". */
  namespace?: string;
  /** A prebuilt bundle (tests bundle once per run, with MIGRATION_PRELOAD_MODULES); otherwise workflows/ is bundled at start-up. */
  workflowBundle?: { codePath: string } | { code: string };
  /** Activity slots of this worker (the tuning's otherwise); initial-sync waits hold none between checks. */
  maxConcurrentActivityTaskExecutions?: number;
  /** Overrides of the tuning, which otherwise comes from the environment (see worker-tuning.ts). */
  tuning?: Partial<WorkerTuning>;
}

/** The worker that runs `migrateMachine` and its activities; shared by `npm start`, `npm run worker`, the demo and tests. */
export function createMigrationWorker(options: MigrationWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: MIGRATION_WORKFLOWS_PATH, bundlerOptions: { preloadModules: MIGRATION_PRELOAD_MODULES } };
  const tuning = { ...workerTuningFromEnv(), ...options.tuning };
  if (options.maxConcurrentActivityTaskExecutions !== undefined) tuning.activitySlots = options.maxConcurrentActivityTaskExecutions;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: createActivities(options.siteRecovery),
    ...workerOptionsFor(tuning),
    ...workflows,
  });
}

/** `npm run worker`: a worker against whatever the TEMPORAL_* settings point at, until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // Our handler instead of the SDK's: it tells a duplicate Ctrl-C from a second one (see shutdown-signals.ts).
  Runtime.install({ shutdownSignals: [] });
  const settings = loadConnectionSettings();
  const queue = configuredTaskQueue();
  const connection = await NativeConnection.connect(settings.connectionOptions).catch((error: unknown) => {
    throw new Error(`Cannot reach Temporal at ${describeConnection(settings)}: ${error instanceof Error ? error.message : error}`);
  });
  try {
    // Loaded here, not at the top: importing createMigrationWorker (tests, demo) must not pull in the Azure SDK.
    const { createSiteRecoveryFromEnv } = await import('../site-recovery/create-site-recovery');
    const siteRecovery = await createSiteRecoveryFromEnv();
    const worker = await createMigrationWorker({ connection, namespace: settings.namespace, taskQueue: queue, siteRecovery });
    onShutdownSignal((signal, forced) => {
      if (forced) process.exit(130);
      console.log(`siteshift worker: ${signal} received, finishing in-flight tasks (again to force)...`);
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    console.log(`siteshift worker: task queue ${queue} on ${describeConnection(settings)}. Ctrl-C stops it.`);
    await worker.run(); // resolves once in-flight tasks are done after shutdown()
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  });
}
