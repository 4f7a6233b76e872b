import { setTimeout as sleep } from 'node:timers/promises';
import { WaveClient } from '../client/wave-client';
import type { WaveStage } from '../common/wave-stages';
import type { WaveStatus } from '../common/wave-status';
import { benchWorker, fleetEmulator, type BenchStack } from './bench-stack';

export interface WaveResult {
  machines: number;
  groups: number;
  /** From the start to the wave's end, approvals sent as soon as the wave waits for them. */
  wallSeconds: number;
  stage: string;
  counts: Record<string, number>;
  /** Runs of `wave-<name>` (1 + continue-as-new count) and the largest history among them. */
  runs: number;
  continueAsNew: number;
  largestRunHistoryEvents: number;
}

/** Seconds an initial sync of each machine takes at this time scale: short, so the wave's own cost is measured. */
const DISK_GB = 1;
const TIME_SCALE = 60;

async function waitForWave(waves: WaveClient, name: string, stages: readonly WaveStage[], timeoutMs: number): Promise<WaveStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await waves.waveStatus(name).catch(() => undefined);
    if (status && stages.includes(status.stage)) return status;
    if (Date.now() > deadline)
      throw new Error(`wave ${name} did not reach ${stages.join(' or ')} in ${timeoutMs / 1000} s (at ${status?.stage})`);
    await sleep(1000);
  }
}

/**
 * A wave of `machines` (two groups, database then application tier) to completion on one worker: wall time,
 * the largest history of any run of the wave workflow, and how many times it continued as new.
 */
export async function largeWave(stack: BenchStack, machines: number, timeoutMs = 60 * 60_000): Promise<WaveResult> {
  const tag = `wave${Date.now().toString(36)}`;
  const { emulator, requests } = await fleetEmulator(stack, tag, machines, () => DISK_GB, TIME_SCALE);
  const worker = await benchWorker(stack, 'siteshift', emulator, tag, { activitySlots: 200 });
  try {
    const client = stack.clients.siteshift;
    const waves = new WaveClient(client, tag);
    const half = Math.ceil(machines / 2);
    const name = `bench-${tag}`;
    const began = performance.now();
    await waves.startWave({
      name,
      groups: [
        { name: 'database', machines: requests.slice(0, half).map((r) => ({ ...r, wave: name })) },
        { name: 'application', machines: requests.slice(half).map((r) => ({ ...r, wave: name })) },
      ],
      replicationConcurrency: 100,
      failurePolicy: 'continue',
    });
    await waitForWave(waves, name, ['AwaitingWaveTestApproval'], timeoutMs);
    await waves.approveWaveTest(name, { by: 'bench-tester' });
    await waitForWave(waves, name, ['AwaitingWaveCutoverApproval'], timeoutMs);
    await waves.approveWaveCutover(name, { by: 'bench-approver' });
    const final = await waitForWave(waves, name, ['Completed', 'CompletedWithFailures', 'Aborted', 'Failed'], timeoutMs);
    const wallSeconds = (performance.now() - began) / 1000;
    const histories: number[] = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = 'wave-${name}'` })) histories.push(run.historyLength ?? 0);
    return {
      machines,
      groups: 2,
      wallSeconds,
      stage: final.stage,
      counts: final.counts,
      runs: histories.length,
      continueAsNew: histories.length - 1,
      largestRunHistoryEvents: Math.max(...histories),
    };
  } finally {
    await worker.stop();
    await emulator.stop();
  }
}
