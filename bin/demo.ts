import { DefaultLogger, Runtime } from '@temporalio/worker';
import { demoSettingsFromEnv } from '../config/demo';
import { onShutdownSignal } from '../local-stack/shutdown-signals';
import { cutoverOrderTable, finalTable, groupTimes } from '../demo/final-table';
import { DEMO_PEOPLE, DemoOperator } from '../demo/operator';
import { planDemoWave } from '../demo/plan-wave';
import { ProgressView } from '../demo/progress-view';
import { runWave, type WaveOutcome } from '../demo/run-wave';
import { startDemoStack } from '../demo/stack';
import { Teardown } from '../demo/teardown';
import { formatDuration } from '../demo/text-table';

/**
 * `npm run demo`: a throwaway stack (Temporal dev server, ASR emulator, worker on the real adapter), one machine
 * of each scenario planned from demo/wave.csv by `siteshift plan` and migrated as a wave of two groups (database
 * tier, then application tier) with the wave's approvals sent as operators would, a final table showing the
 * cutover order, and nothing left running. Settings: config/demo.ts.
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

    const wave = await planDemoWave(stack.emulator, dataDir, log);
    interrupt.signal.throwIfAborted();
    const outcome = await runWave({
      migrations: stack.migrations,
      wave,
      startedBy: DEMO_PEOPLE.starter,
      operator: new DemoOperator(stack.migrations, log),
      view,
      workerStopped: stack.workerStopped,
      timeoutMs,
      tickMs: 500,
      signal: interrupt.signal,
    });
    exitCode = reportOutcome(outcome, log);
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

/** The final tables (machines, cutover order) and the wave's decisions; 0 only if the wave and every machine completed in group order. */
function reportOutcome({ wave, machines }: WaveOutcome, log: (line: string) => void): number {
  const groupOf = new Map(wave.groups.flatMap((group) => group.machines.map((m) => [m.machineId, group.name] as const)));
  log(`\n${finalTable(machines, groupOf).join('\n')}\n`);
  const times = groupTimes(
    wave.groups.map((group) => ({ name: group.name, machineIds: group.machines.map((m) => m.machineId) })),
    machines,
  );
  const origin = Math.min(...machines.map((status) => Date.parse(status.stages[0]?.enteredAt ?? '')).filter(Number.isFinite));
  log(`Cutover order (workflow time since the first machine started):\n${cutoverOrderTable(times, origin).join('\n')}\n`);
  log(`Decisions of wave ${wave.name}:`);
  for (const decision of wave.decisions)
    log(
      `  ${decision.at}  ${decision.name} by ${decision.by ?? '(nobody)'} via ${decision.via}: ${decision.accepted ? 'accepted' : `refused (${decision.rejectionReason})`}${decision.comment ? `, "${decision.comment}"` : ''}`,
    );
  log(`Relayed to each machine (started by ${DEMO_PEOPLE.starter}; four-eyes ${machines[0]?.decisionPolicy?.fourEyes ? 'on' : 'off'}):`);
  for (const status of machines) {
    const accepted = status.decisions.filter((decision) => decision.accepted).map((decision) => `${decision.name} by ${decision.by}`);
    log(`  ${status.machineId}: ${accepted.join(', ') || 'none'}`);
  }
  log('');

  const unfinished = machines.filter((status) => status.stage !== 'Completed');
  const outOfOrder = times.filter((group) => group.afterPrevious === false);
  if (wave.stage === 'Completed' && unfinished.length === 0 && outOfOrder.length === 0) {
    log(`demo: wave ${wave.name} Completed: all ${machines.length} machines, group by group.`);
    return 0;
  }
  log(`demo FAILED: wave ${wave.name} ended ${wave.stage}${wave.lastError ? ` (${wave.lastError.code}: ${wave.lastError.message})` : ''}.`);
  for (const group of outOfOrder) log(`  group ${group.name} began failing over before the group before it had completed`);
  for (const status of unfinished) {
    const why = status.lastError ? `${status.lastError.code}: ${status.lastError.message}` : (status.abortReason ?? 'no error recorded');
    log(`  ${status.machineId}: ${status.stage} (${why})`);
  }
  for (const note of wave.notes) log(`  note: ${note}`);
  return 1;
}

void main();
