import { z } from 'zod';
import { InvalidSettingError, InvalidSettingsError } from './setting';

/**
 * How a migration worker uses its machine: cache, slots, pollers, heartbeat throttling. Defaults come from
 * `npm run bench` on a 2-core, 4 GB machine (see the README's Benchmarks section); each can be overridden
 * with the environment variable named beside it.
 *
 * Not here, on purpose: the activities' own timeouts (the sync check's 30 s, the long operations' 60 s
 * heartbeat timeout in workflows/activity-stubs.ts). Workflow code sets them when it schedules an activity,
 * so they are part of each migration's history, the same on every worker.
 */
export interface WorkerTuning {
  /**
   * Migrations kept in memory between their tasks (SITESHIFT_WORKER_MAX_CACHED_WORKFLOWS). A cached migration
   * costs ~1.1 MB of worker memory (`npm run bench`, 200 cached); an evicted one is replayed from its history
   * (a few dozen events) on its next task: approvals on evicted migrations answered in p95 0.6 s, p99 0.8 s.
   * Parked migrations need no cache: with this default the bench's worker held 845 MB with 10,000 parked
   * (peak 905 MB while they were started and driven to their waits, at most 250 at a time).
   */
  maxCachedWorkflows: number;
  /** Workflow tasks run at once (SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS). */
  workflowTaskSlots: number;
  /**
   * Activities run at once (SITESHIFT_WORKER_ACTIVITY_SLOTS). Waiting migrations hold none: sync checks
   * are single reads retried by the server, long operations hold one only while their ASR job runs.
   */
  activitySlots: number;
  /** Long polls for workflow tasks, at most (SITESHIFT_WORKER_WORKFLOW_POLLERS). */
  workflowPollers: number;
  /** Long polls for activity tasks, at most (SITESHIFT_WORKER_ACTIVITY_POLLERS). */
  activityPollers: number;
  /** How long a migration's next task waits for this worker before another may take it (SITESHIFT_WORKER_STICKY_TIMEOUT_SECONDS). */
  stickyTimeoutSeconds: number;
  /**
   * Longest gap the SDK puts between two heartbeats an activity asks for (SITESHIFT_WORKER_MAX_HEARTBEAT_THROTTLE_SECONDS).
   * Long operations ask only for the heartbeats they need (token changes, a keep-alive every half heartbeat
   * timeout), so this only has to be no shorter than their keep-alive.
   */
  maxHeartbeatThrottleSeconds: number;
}

export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  maxCachedWorkflows: 250,
  workflowTaskSlots: 40,
  activitySlots: 100,
  workflowPollers: 10,
  activityPollers: 10,
  stickyTimeoutSeconds: 10,
  maxHeartbeatThrottleSeconds: 30,
};

/** The environment variable of each setting. */
export const WORKER_TUNING_ENV: Record<keyof WorkerTuning, string> = {
  maxCachedWorkflows: 'SITESHIFT_WORKER_MAX_CACHED_WORKFLOWS',
  workflowTaskSlots: 'SITESHIFT_WORKER_WORKFLOW_TASK_SLOTS',
  activitySlots: 'SITESHIFT_WORKER_ACTIVITY_SLOTS',
  workflowPollers: 'SITESHIFT_WORKER_WORKFLOW_POLLERS',
  activityPollers: 'SITESHIFT_WORKER_ACTIVITY_POLLERS',
  stickyTimeoutSeconds: 'SITESHIFT_WORKER_STICKY_TIMEOUT_SECONDS',
  maxHeartbeatThrottleSeconds: 'SITESHIFT_WORKER_MAX_HEARTBEAT_THROTTLE_SECONDS',
};

const MINIMUM: Record<keyof WorkerTuning, number> = {
  maxCachedWorkflows: 0,
  // The SDK refuses fewer than 2 workflow task slots or pollers while the cache is on.
  workflowTaskSlots: 2,
  activitySlots: 1,
  workflowPollers: 2,
  activityPollers: 1,
  stickyTimeoutSeconds: 1,
  maxHeartbeatThrottleSeconds: 1,
};

/**
 * The tuning from the environment: each variable set must be a whole number at or above its minimum. Every
 * bad one is named at once (InvalidSettingsError: the programs exit 78, like any other wrong setting).
 */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv): WorkerTuning {
  const tuning = { ...DEFAULT_WORKER_TUNING };
  const problems: InvalidSettingError[] = [];
  for (const key of Object.keys(WORKER_TUNING_ENV) as (keyof WorkerTuning)[]) {
    const raw = env[WORKER_TUNING_ENV[key]]?.trim();
    if (!raw) continue;
    const parsed = z.coerce.number().int().min(MINIMUM[key]).safeParse(raw);
    if (parsed.success) tuning[key] = parsed.data;
    else problems.push(new InvalidSettingError(WORKER_TUNING_ENV[key], `a whole number of at least ${MINIMUM[key]}`, raw));
  }
  if (problems.length === 0 && tuning.workflowPollers > tuning.workflowTaskSlots) {
    problems.push(
      new InvalidSettingError(
        WORKER_TUNING_ENV.workflowPollers,
        `at most ${WORKER_TUNING_ENV.workflowTaskSlots} (${tuning.workflowTaskSlots})`,
        String(tuning.workflowPollers),
      ),
    );
  }
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return tuning;
}
