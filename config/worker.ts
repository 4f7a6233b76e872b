import { notificationSettingsFromEnv, type NotificationSettings } from './notifications';
import type { DecisionPolicy } from '../common/decision-policy';
import { decisionPolicyFromEnv } from './decision-policy';
import { taskQueueFromEnv } from './task-queue';
import { workerTuningFromEnv, type WorkerTuning } from './worker-tuning';
import {
  describeConnection,
  loadConnectionSettings,
  temporalWaitFromEnv,
  type ConnectionSettings,
  type TemporalWait,
} from './temporal-connection';

/** What `npm run worker` reads at start, once. (SITESHIFT_ASR_* are read by the adapter: site-recovery/azure/config.ts.) */
export interface WorkerSettings {
  connection: ConnectionSettings;
  /** Where the connection points, without secrets, for logs. */
  describeConnection: string;
  /** Forever unless SITESHIFT_TEMPORAL_WAIT_SECONDS says otherwise: a supervised worker outlives a Temporal restart. */
  wait: TemporalWait;
  taskQueue: string;
  /** Cache, slots, pollers (SITESHIFT_WORKER_*). */
  tuning: WorkerTuning;
  /** SITESHIFT_NOTIFICATIONS_FILE: webhooks, reminder and escalation times. */
  notifications: NotificationSettings;
  /** What migrations learn at their start: SITESHIFT_FOUR_EYES, SITESHIFT_DECISION_PUBLIC_KEY_FILE (config/decision-policy.ts). */
  decisionPolicy: DecisionPolicy;
}

export function workerSettingsFromEnv(env: NodeJS.ProcessEnv): WorkerSettings {
  const connection = loadConnectionSettings(env);
  return {
    connection,
    describeConnection: describeConnection(connection),
    wait: temporalWaitFromEnv(env, 'forever'),
    taskQueue: taskQueueFromEnv(env),
    tuning: workerTuningFromEnv(env),
    notifications: notificationSettingsFromEnv(env),
    decisionPolicy: decisionPolicyFromEnv(env),
  };
}
