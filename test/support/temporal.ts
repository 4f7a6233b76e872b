import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { NotificationSettings } from '../../config/notifications';
import type { DecisionPolicy } from '../../common/decision-policy';
import type { SiteRecovery } from '../../site-recovery/site-recovery';
import { createMigrationWorker } from '../../workers/worker';
import { testRuntimeOptions } from './test-logs';
import {
  bundlePath,
  TEST_BUNDLE_DIR_VAR,
  TEST_NAMESPACE_VAR,
  TEST_TEMPORAL_ADDRESS_VAR,
  type WorkflowBundleName,
} from '../setup/shared-test-environment';

/** A connection to the run's shared dev server, usable by workers and clients alike. Close it when done. */
export interface TestConnection {
  connection: NativeConnection;
  client: Client;
  namespace: string;
  close(): Promise<void>;
}

export async function testConnection(): Promise<TestConnection> {
  quietWorkerLogs();
  const connection = await NativeConnection.connect({ address: sharedSetting(TEST_TEMPORAL_ADDRESS_VAR) });
  const namespace = sharedSetting(TEST_NAMESPACE_VAR);
  return { connection, client: new Client({ connection, namespace }), namespace, close: () => connection.close() };
}

/** The workflow code bundled once by global setup. */
export function workflowBundle(name: WorkflowBundleName = 'migration'): { codePath: string } {
  const codePath = bundlePath(sharedSetting(TEST_BUNDLE_DIR_VAR), name);
  if (!existsSync(codePath)) throw new Error(`Workflow bundle '${name}' missing at ${codePath}; did global setup fail?`);
  return { codePath };
}

/** A task queue no other test uses, so workers of concurrent tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export type WithWorkerOptions = {
  /** Defaults to a fresh unique queue; pass one to restart a worker on the queue of a running workflow. */
  taskQueue?: string;
  /** Reuse a connection (e.g. across worker restarts); otherwise one is opened and closed around `fn`. */
  connection?: TestConnection;
} & (
  | {
      /** The production worker (createMigrationWorker) with the migration bundle, driving this SiteRecovery. */
      siteRecovery: SiteRecovery;
      maxConcurrentActivityTaskExecutions?: number;
      notifications?: NotificationSettings;
      /** What migrations learn at their start (default: four-eyes on, decisions unsigned). */
      decisionPolicy?: DecisionPolicy;
    }
  | {
      activities?: WorkerOptions['activities'];
      /** Defaults to the migration bundle. */
      workflows?: WorkflowBundleName;
    }
);

export interface WorkerContext {
  client: Client;
  taskQueue: string;
  worker: Worker;
}

/** Runs a worker on the shared server for the duration of `fn`; it is shut down (and awaited) afterwards. */
export async function withWorker<T>(options: WithWorkerOptions, fn: (context: WorkerContext) => Promise<T>): Promise<T> {
  const owned = options.connection ? undefined : await testConnection();
  const test = options.connection ?? owned!;
  try {
    const taskQueue = options.taskQueue ?? uniqueTaskQueue();
    const worker =
      'siteRecovery' in options
        ? await createMigrationWorker({
            connection: test.connection,
            namespace: test.namespace,
            taskQueue,
            siteRecovery: options.siteRecovery,
            workflowBundle: workflowBundle('migration'),
            maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
            notifications: options.notifications,
            decisionPolicy: options.decisionPolicy,
          })
        : await Worker.create({
            connection: test.connection,
            namespace: test.namespace,
            taskQueue,
            activities: options.activities,
            workflowBundle: workflowBundle(options.workflows ?? 'migration'),
          });
    return await worker.runUntil(() => fn({ client: test.client, taskQueue, worker }));
  } finally {
    await owned?.close();
  }
}

/**
 * Replays a recorded history (from `handle.fetchHistory()` or a JSON export) against the bundled workflow code,
 * under the workflow id it was recorded with (migrateMachine refuses to run under any other).
 * Throws DeterminismViolationError when the code no longer makes the decisions recorded in the history.
 */
export async function replayHistory(history: unknown, workflows: WorkflowBundleName = 'migration'): Promise<void> {
  quietWorkerLogs();
  await Worker.runReplayHistory({ workflowBundle: workflowBundle(workflows) }, history, recordedWorkflowId(history));
}

/** The workflow id a history's first event carries (Temporal servers record it in WorkflowExecutionStarted). */
function recordedWorkflowId(history: unknown): string | undefined {
  const first = (history as { events?: { workflowExecutionStartedEventAttributes?: { workflowId?: string | null } }[] })?.events?.[0];
  return first?.workflowExecutionStartedEventAttributes?.workflowId ?? undefined;
}

function sharedSetting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run tests through Jest so test/setup/global-setup.ts starts the shared dev server.`);
  }
  return value;
}

/**
 * Worker logs (state changes at INFO, provoked failures as warnings) only when asked for: see test-logs.ts.
 * Installed right before a native connection or worker is made, never on import: a Temporal runtime lives until its
 * last connection or worker closes, so one installed by a file that only imports this module (for uniqueTaskQueue)
 * would keep the Jest worker process from exiting. The next connection after a shutdown installs it again.
 */
function quietWorkerLogs(): void {
  try {
    Runtime.install(testRuntimeOptions());
  } catch {
    // A runtime is running (a connection or worker of this file is open); keep it.
  }
}
