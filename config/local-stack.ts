import { notificationSettingsFromEnv, type NotificationSettings } from './notifications';
import { workerTuningFromEnv, type WorkerTuning } from './worker-tuning';
import { isAbsolute, join, resolve } from 'node:path';
import { port, portOrAny, positiveInteger, positiveNumber, readSetting, text } from './setting';
import { taskQueueFromEnv } from './task-queue';
import { temporalWaitFromEnv, type TemporalWait } from './temporal-connection';

const REPO_ROOT = resolve(__dirname, '..');

/** Where `npm start`'s Temporal dev server keeps its data and listens. */
export interface DevServerSettings {
  /** Folder holding the SQLite file `temporal.db`, so a restart loses no workflow. */
  dataDir: string;
  ip: string;
  port: number;
  uiPort: number;
}

/** `npm start`'s ASR emulator. */
export interface EmbeddedEmulatorSettings {
  /** Fixed (default 8443) so the operation URLs in interrupted activities' heartbeats stay valid across restarts. */
  port: number;
  /** Virtual seconds per real second. */
  timeScale: number;
  /** The adapter's poll interval against the emulator: SITESHIFT_ASR_POLL_INTERVAL_MS if set, else 1000 (Azure's 15 s would make every step wait for nothing). */
  pollIntervalMs: number;
}

export interface StartSettings {
  devServer: DevServerSettings;
  /** Undefined when SITESHIFT_ASR_ENDPOINT points the worker elsewhere (real Azure). */
  emulator: EmbeddedEmulatorSettings | undefined;
  /** The endpoint the worker uses instead of the emulator. */
  asrEndpoint: string | undefined;
  taskQueue: string;
  wait: TemporalWait;
  /** Cache, slots, pollers of the embedded worker (SITESHIFT_WORKER_*). */
  tuning: WorkerTuning;
  /** SITESHIFT_NOTIFICATIONS_FILE: webhooks, reminder and escalation times of the embedded worker. */
  notifications: NotificationSettings;
}

/**
 * SITESHIFT_DATA_DIR (default `<repo>/.data`), SITESHIFT_TEMPORAL_IP (127.0.0.1), SITESHIFT_TEMPORAL_PORT (7233),
 * SITESHIFT_TEMPORAL_UI_PORT (gRPC port + 1000).
 */
export function devServerSettingsFromEnv(env: NodeJS.ProcessEnv): DevServerSettings {
  const dataDir = readSetting(env, 'SITESHIFT_DATA_DIR', text);
  const grpcPort = readSetting(env, 'SITESHIFT_TEMPORAL_PORT', port) ?? 7233;
  return {
    dataDir: dataDir ? (isAbsolute(dataDir) ? dataDir : resolve(dataDir)) : join(REPO_ROOT, '.data'),
    ip: readSetting(env, 'SITESHIFT_TEMPORAL_IP', text) ?? '127.0.0.1',
    port: grpcPort,
    uiPort: readSetting(env, 'SITESHIFT_TEMPORAL_UI_PORT', port) ?? grpcPort + 1000,
  };
}

/**
 * SITESHIFT_EMULATOR_PORT (8443), SITESHIFT_EMULATOR_TIME_SCALE (60), and SITESHIFT_ASR_POLL_INTERVAL_MS (1000 here);
 * none when SITESHIFT_ASR_ENDPOINT points the worker elsewhere.
 */
export function embeddedEmulatorSettingsFromEnv(env: NodeJS.ProcessEnv): EmbeddedEmulatorSettings | undefined {
  if (readSetting(env, 'SITESHIFT_ASR_ENDPOINT', text)) return undefined;
  return {
    port: readSetting(env, 'SITESHIFT_EMULATOR_PORT', portOrAny) ?? 8443,
    timeScale: readSetting(env, 'SITESHIFT_EMULATOR_TIME_SCALE', positiveNumber) ?? 60,
    pollIntervalMs: readSetting(env, 'SITESHIFT_ASR_POLL_INTERVAL_MS', positiveInteger) ?? 1000,
  };
}

/** Everything `npm start` reads, once, at start (SITESHIFT_ASR_* are read by the adapter's own config). */
export function startSettingsFromEnv(env: NodeJS.ProcessEnv): StartSettings {
  return {
    devServer: devServerSettingsFromEnv(env),
    emulator: embeddedEmulatorSettingsFromEnv(env),
    asrEndpoint: readSetting(env, 'SITESHIFT_ASR_ENDPOINT', text),
    taskQueue: taskQueueFromEnv(env),
    wait: temporalWaitFromEnv(env, 'forever'),
    tuning: workerTuningFromEnv(env),
    notifications: notificationSettingsFromEnv(env),
  };
}
