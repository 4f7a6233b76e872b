import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { SiteRecovery } from '../site-recovery/site-recovery';

export interface MigrationWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  siteRecovery: SiteRecovery;
  /** Defaults to "default". */
  namespace?: string;
  /** A prebuilt bundle (tests bundle once per run); otherwise workflows/ is bundled at start-up. */
  workflowBundle?: { codePath: string } | { code: string };
  /** Activity slots of this worker (SDK default otherwise); initial-sync waits hold none between checks. */
  maxConcurrentActivityTaskExecutions?: number;
}

/** The worker that runs `migrateMachine` and its activities; shared by `npm start`, `npm run worker`, the demo and tests. */
export function createMigrationWorker(options: MigrationWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: createActivities(options.siteRecovery),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
    ...workflows,
  });
}
