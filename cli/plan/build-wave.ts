import { checkWaveRequest, type WaveRequestInput } from '../../common/wave-request';
import { PlanInputError } from './plan-errors';
import type { WaveSettings } from './plan-input';
import type { Resolved } from './resolve-machines';

/** Machines that replicate at once when the defaults file does not say. */
export const DEFAULT_REPLICATION_CONCURRENCY = 5;

/**
 * The wave file: groups in the order the machine list first names them, each machine's request as resolved, and
 * the wave's own settings. Checked against the wave request schema (`siteshift wave start` takes nothing else).
 */
export function buildWave(wave: string, resolved: Resolved[], settings: WaveSettings): WaveRequestInput {
  const groups = new Map<string, Resolved[]>();
  for (const machine of resolved) groups.set(machine.row.group, [...(groups.get(machine.row.group) ?? []), machine]);
  const input: WaveRequestInput = {
    name: wave,
    groups: [...groups].map(([name, machines]) => ({
      name,
      ...settings.groups?.[name],
      machines: machines.map((m) => m.request),
    })),
    replicationConcurrency: settings.replicationConcurrency ?? DEFAULT_REPLICATION_CONCURRENCY,
    ...(settings.failurePolicy ? { failurePolicy: settings.failurePolicy } : {}),
    ...(settings.cutoverWindow ? { cutoverWindow: settings.cutoverWindow } : {}),
  };
  const checked = checkWaveRequest(input);
  if (!checked.success)
    throw new PlanInputError(
      `The wave file for ${wave} would not be valid:`,
      checked.issues.map((issue) => `${issue.path || '(wave)'}: ${issue.message}`),
    );
  return input;
}
