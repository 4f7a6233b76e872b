import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { SiteRecovery } from '../site-recovery/site-recovery';
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
