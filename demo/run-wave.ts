import { setTimeout as delay } from 'node:timers/promises';
import type { MigrationClient } from '../client';
import { WaveClient } from '../client/wave-client';
import type { MigrationStatus } from '../common/migration-status';
import type { WaveRequestInput } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { FINAL_WAVE_STAGES } from '../common/wave-stages';
import type { DemoOperator } from './operator';
import type { ProgressView } from './progress-view';

export interface RunWaveOptions {
  migrations: MigrationClient;
  /** The wave file `siteshift plan` wrote. */
  wave: WaveRequestInput;
  /** Who starts the wave: each machine's `startedBy` (four-eyes keeps them from approving its cutover). */
  startedBy: string;
  operator: DemoOperator;
  view: ProgressView;
  /** Rejects or resolves if the worker stops before the wave is done. */
  workerStopped: Promise<void>;
  timeoutMs: number;
  tickMs: number;
  /** Aborted on Ctrl-C: the loop stops at once so teardown can close what it uses. */
  signal: AbortSignal;
}

export interface WaveOutcome {
  wave: WaveStatus;
  /** Every machine's final status, in group order. */
  machines: MigrationStatus[];
}

/** Machines whose migration the wave has not started (yet, or ever): no workflow to ask. */
const NOT_STARTED = new Set(['Pending', 'Skipped', 'StartRefused']);

/**
 * Starts the wave as a service would (WaveClient.startWave), then every tick reads the wave's status and each
 * started machine's, shows them and lets the operators answer whatever the wave waits for, until the wave ends.
 */
export async function runWave(options: RunWaveOptions): Promise<WaveOutcome> {
  const { migrations, view, operator } = options;
  options.signal.throwIfAborted();
  const waves = new WaveClient(migrations.client, migrations.taskQueue);
  const request: WaveRequestInput = {
    ...options.wave,
    groups: options.wave.groups.map((group) => ({
      ...group,
      machines: group.machines.map((machine) => ({ ...machine, startedBy: options.startedBy })),
    })),
  };
  const { wave } = await waves.startWave(request);
  const plan = request.groups.map((group, index) => `${index + 1}. ${group.name}: ${group.machines.map((m) => m.machineId).join(', ')}`);
  view.log(`Started wave ${wave} with WaveClient.startWave as ${options.startedBy}, groups in cutover order:\n  ${plan.join('\n  ')}\n`);

  const workerGone = options.workerStopped.then(
    () => Promise.reject(new Error('the worker stopped before the wave finished')),
    (error: unknown) => Promise.reject(new Error(`the worker failed: ${error instanceof Error ? error.message : String(error)}`)),
  );
  workerGone.catch(() => undefined);
  const interrupted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new Error('interrupted'));
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
  interrupted.catch(() => undefined);
  const unlessStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, workerGone, interrupted]);
  const machineStatuses = (status: WaveStatus) =>
    Promise.all(
      status.groups
        .flatMap((group) => group.machines)
        .filter((m) => !NOT_STARTED.has(m.stage))
        .map((m) => migrations.status(m.machineId)),
    );

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const status = await unlessStopped(waves.waveStatus(wave));
    view.update(await unlessStopped(machineStatuses(status)), status);
    if (FINAL_WAVE_STAGES.includes(status.stage)) {
      view.finish();
      return { wave: status, machines: await unlessStopped(machineStatuses(status)) };
    }
    await unlessStopped(operator.act(status));
    if (Date.now() > deadline) {
      const pending = status.groups.flatMap((group) => group.machines);
      throw new Error(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s; wave ${wave} ${status.stage}, machines: ${pending.map((m) => `${m.machineId} (${m.stage})`).join(', ')}`,
      );
    }
    await unlessStopped(delay(options.tickMs));
  }
}
