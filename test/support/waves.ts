import { fleetInventory } from '../../bench/fleet-inventory';
import type { MigrationRequestInput } from '../../common/migration-request';
import type { WaveRequestInput } from '../../common/wave-request';
import type { WaveStage } from '../../common/wave-stages';
import type { WaveStatus } from '../../common/wave-status';
import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { WaveClient } from '../../client/wave-client';
import { startE2eEmulator, type E2eEmulator } from './e2e';
import { waitUntil } from './polling';

let waves = 0;

/** An e2e emulator whose inventory holds `count` extra VMware VMs (a 40 GB sync takes about 0.3 s), and a migration request for each. */
export async function waveEmulator(count: number, diskGB = 40): Promise<{ emulator: E2eEmulator; requests: MigrationRequestInput[] }> {
  const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const { inventory, requests } = fleetInventory(count, diskGB, tag);
  const emulator = await startE2eEmulator({ inventory });
  return { emulator, requests: requests.map(({ wave: _wave, ...request }) => request as MigrationRequestInput) };
}

/** A unique wave name for this test run. */
export function waveName(label: string): string {
  waves += 1;
  return `${label}-${process.pid.toString(36)}-${Date.now().toString(36)}-${waves}`;
}

/** A wave of the given groups (sizes), taking machines from `requests` in order. */
export function waveOf(
  label: string,
  requests: MigrationRequestInput[],
  sizes: number[],
  overrides: Partial<WaveRequestInput> = {},
): WaveRequestInput {
  let next = 0;
  return {
    name: waveName(label),
    groups: sizes.map((size, g) => ({ name: `group-${g + 1}`, machines: requests.slice(next, (next += size)) })),
    replicationConcurrency: 2,
    failurePolicy: 'halt',
    ...overrides,
  };
}

/** Waits until the wave reaches `stage` (fails fast if it ends elsewhere). */
export function reachWave(waves: WaveClient, wave: string, stage: WaveStage | ((s: WaveStatus) => boolean), timeoutMs = 40_000) {
  const accept = typeof stage === 'function' ? stage : (s: WaveStatus) => s.stage === stage;
  return waitUntil(
    `wave ${wave} to reach ${typeof stage === 'function' ? 'the awaited state' : stage}`,
    () => waves.waveStatus(wave),
    accept,
    {
      timeoutMs,
      intervalMs: 200,
      stopIf: (s) =>
        ['Completed', 'CompletedWithFailures', 'Aborted', 'Failed'].includes(s.stage) && !accept(s)
          ? `it ended ${s.stage}: ${JSON.stringify(s.lastError)}`
          : undefined,
    },
  );
}

function isItemOf(entry: RequestLogEntry, machineId: string): boolean {
  return entry.resourceId?.endsWith(`/replicationprotecteditems/${machineId.toLowerCase()}`) ?? false;
}

/** The request-log entries that started an ASR job of this operation for the machine. */
export function jobsOf(emulator: RunningEmulator, machineId: string, operation: string): RequestLogEntry[] {
  return emulator.requestLog().filter((e) => e.jobName !== undefined && e.operation === operation && isItemOf(e, machineId));
}
