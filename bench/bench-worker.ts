import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createSiteRecoveryFromEnv } from '../site-recovery/create-site-recovery';
import { workerTuningFromEnv } from '../config/worker-tuning';
import { createMigrationWorker } from '../workers/worker';

/**
 * A worker in a process of its own for `npm run bench`, so its memory and CPU are measured alone: the
 * production worker (createMigrationWorker, tuning from SITESHIFT_WORKER_*, adapter from SITESHIFT_ASR_*)
 * on a prebuilt bundle (BENCH_WORKFLOW_BUNDLE: migrateMachine or the floor), serving its SDK metrics
 * (slots in use) on BENCH_METRICS_PORT.
 */
async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? fail(`${name} is required`);
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${env('BENCH_METRICS_PORT')}` } } },
  });
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  try {
    const worker = await createMigrationWorker({
      connection,
      namespace: env('TEMPORAL_NAMESPACE'),
      taskQueue: env('SITESHIFT_TASK_QUEUE'),
      siteRecovery: await createSiteRecoveryFromEnv(),
      workflowBundle: { codePath: env('BENCH_WORKFLOW_BUNDLE') },
      tuning: workerTuningFromEnv(process.env),
    });
    console.log(`worker ready: pid ${process.pid}`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
