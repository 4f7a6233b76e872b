import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { MigrationStatus } from '../common/migration-status';
import { demoSettingsFromEnv } from '../config/demo';
import { onShutdownSignal } from '../local-stack/shutdown-signals';
import { demoBatch } from '../demo/batch';
import { finalTable } from '../demo/final-table';
import { DemoOperator } from '../demo/operator';
import { ProgressView } from '../demo/progress-view';
import { runBatch } from '../demo/run-batch';
import { startDemoStack } from '../demo/stack';
import { Teardown } from '../demo/teardown';
import { formatDuration } from '../demo/text-table';

/**
 * `npm run demo`: a throwaway stack (Temporal dev server, ASR emulator, worker on the real adapter), one machine
 * of each scenario migrated through every stage with the approvals sent as an operator would, a final table,
 * and nothing left running. Settings: config/demo.ts.
 */
async function main(): Promise<number> {
  const startedAt = Date.now();
  // Signals are ours: the SDK would only stop the worker, and we must stop the server and emulator too.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const view = new ProgressView(process.stdout);
  const log = (line: string) => view.log(line);
  const teardown = new Teardown((line) => log(`demo: ${line}`));
  const interrupt = new AbortController();
  let stopping = false;
  const stopEverything = async (exitCode: number): Promise<never> => {
    stopping = true;
    await teardown.run();
    log(`demo: wall time ${formatDuration(Date.now() - startedAt)}`);
    process.exit(exitCode);
  };
  onShutdownSignal((signal, forced) => {
    if (forced) process.exit(130); // the dev server stops by itself once this process is gone (see dev-server.ts)
    log(`\ndemo: ${signal} received, stopping everything (again to force)...`);
    interrupt.abort();
    // Normally the demo winds down at once and main() tears down; this covers a step that does not notice the abort.
    setTimeout(() => void stopEverything(130), 5_000).unref();
  });
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      if (stopping || interrupt.signal.aborted) return; // calls cut short by the teardown; nothing to report
      log(`demo: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void stopEverything(1);
    });
  }

  let exitCode = 1;
  try {
    const requests = demoBatch();
    const { dataDir, timeScale, timeoutMs } = demoSettingsFromEnv(process.env);
    const stack = await startDemoStack(
      {
        dataDir,
        timeScale,
        pollIntervalMs: 250,
        taskQueue: 'siteshift-demo',
        log,
        signal: interrupt.signal,
      },
      teardown,
    );
    log(`demo: stack up in ${formatDuration(Date.now() - startedAt)}; Temporal UI ${stack.uiUrl} while the demo runs\n`);

    const finals = await runBatch({
      migrations: stack.migrations,
      requests,
      operator: new DemoOperator(stack.migrations, log),
      view,
      workerStopped: stack.workerStopped,
      timeoutMs,
      tickMs: 500,
      signal: interrupt.signal,
    });
    log(`\n${finalTable(finals).join('\n')}\n`);
    exitCode = reportOutcome(finals, log);
  } catch (error) {
    if (interrupt.signal.aborted) {
      log('demo: interrupted.');
      exitCode = 130;
    } else {
      log(`\ndemo FAILED: ${error instanceof Error ? error.message : String(error)}`);
      exitCode = 1;
    }
  }
  return stopEverything(exitCode);
}

function reportOutcome(finals: readonly MigrationStatus[], log: (line: string) => void): number {
  const unfinished = finals.filter((status) => status.stage !== 'Completed');
  if (unfinished.length === 0) {
    log(`demo: all ${finals.length} machines reached Completed.`);
    return 0;
  }
  log(`demo FAILED: ${unfinished.length} of ${finals.length} machines did not reach Completed:`);
  for (const status of unfinished) {
    const why = status.lastError ? `${status.lastError.code}: ${status.lastError.message}` : (status.abortReason ?? 'no error recorded');
    log(`  ${status.machineId}: ${status.stage} (${why})`);
  }
  return 1;
}

void main();
