import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { NotificationSettings } from '../config/notifications';
import type { DecisionPolicy } from '../common/decision-policy';
import type { SiteRecovery } from '../site-recovery/site-recovery';
import { MIGRATION_PRELOAD_MODULES, MIGRATION_WORKFLOWS_PATH } from './workflow-bundle';
import { DEFAULT_WORKER_TUNING, type WorkerTuning } from '../config/worker-tuning';

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
  /** Overrides of the default tuning; programs pass what they read from SITESHIFT_WORKER_* (config/worker-tuning.ts). */
  tuning?: Partial<WorkerTuning>;
  /** Webhooks and reminder times (SITESHIFT_NOTIFICATIONS_FILE); none by default. */
  notifications?: NotificationSettings;
  /**
   * What migrations learn at their start: four-eyes, the signed decisions' public key (config/decision-policy.ts).
   * Four-eyes on and decisions unsigned when not given.
   */
  decisionPolicy?: DecisionPolicy;
}

/** The worker that runs `migrateMachine` and its activities; shared by `npm start`, `npm run worker`, the demo and tests. */
export function createMigrationWorker(options: MigrationWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: MIGRATION_WORKFLOWS_PATH, bundlerOptions: { preloadModules: MIGRATION_PRELOAD_MODULES } };
  const tuning = { ...DEFAULT_WORKER_TUNING, ...options.tuning };
  if (options.maxConcurrentActivityTaskExecutions !== undefined) tuning.activitySlots = options.maxConcurrentActivityTaskExecutions;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: createActivities(options.siteRecovery, { notifications: options.notifications, decisionPolicy: options.decisionPolicy }),
    ...workerOptionsFor(tuning),
    ...workflows,
  });
}

/** The Worker.create options for a tuning. */
export function workerOptionsFor(tuning: WorkerTuning): Partial<WorkerOptions> {
  return {
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: tuning.workflowTaskSlots,
    maxConcurrentActivityTaskExecutions: tuning.activitySlots,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.workflowPollers },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.activityPollers },
    stickyQueueScheduleToStartTimeout: tuning.stickyTimeoutSeconds * 1000,
    maxHeartbeatThrottleInterval: tuning.maxHeartbeatThrottleSeconds * 1000,
  };
}
