import { failoverTypeFor } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import type { Stage } from '../common/stages';
import { formatDuration, textTable } from './text-table';

/** The stages a migration spends time in, with the short headings of the final table. */
const TIMED_STAGES: ReadonlyArray<[Stage, string]> = [
  ['Preflight', 'PREFLIGHT'],
  ['EnablingReplication', 'ENABLE'],
  ['InitialReplication', 'SYNC'],
  ['TestFailover', 'TEST'],
  ['AwaitingTestApproval', 'TEST-OK'],
  ['CleaningUpTestFailover', 'CLEANUP'],
  ['AwaitingFailoverApproval', 'GO-OK'],
  ['FailingOver', 'FAILOVER'],
  ['CompletingMigration', 'COMPLETE'],
];

/** Time spent in each stage (summed when a stage was entered more than once, e.g. after a retest), from workflow time. */
export function stageDurations(status: MigrationStatus): Map<Stage, number> {
  const durations = new Map<Stage, number>();
  status.stages.forEach((entry, index) => {
    const next = status.stages[index + 1];
    if (!next) return;
    const spent = Date.parse(next.enteredAt) - Date.parse(entry.enteredAt);
    durations.set(entry.stage, (durations.get(entry.stage) ?? 0) + spent);
  });
  return durations;
}

function totalDuration(status: MigrationStatus): number | undefined {
  const first = status.stages[0];
  const last = status.stages.at(-1);
  return first && last ? Date.parse(last.enteredAt) - Date.parse(first.enteredAt) : undefined;
}

/**
 * machine, scenario, failover type, time per stage, total and final stage: one line per machine; with
 * `groupOf` (machine id to its wave group), the group first.
 */
export function finalTable(statuses: readonly MigrationStatus[], groupOf?: ReadonlyMap<string, string>): string[] {
  return textTable(
    [
      ...(groupOf ? ['GROUP'] : []),
      'MACHINE',
      'SCENARIO',
      'FAILOVER',
      ...TIMED_STAGES.map(([, heading]) => heading),
      'TOTAL',
      'FINAL STAGE',
    ],
    statuses.map((status) => {
      const durations = stageDurations(status);
      const total = totalDuration(status);
      return [
        ...(groupOf ? [groupOf.get(status.machineId) ?? '-'] : []),
        status.machineId,
        status.scenario ?? '-',
        status.failover?.type ?? (status.scenario ? failoverTypeFor(status.scenario) : '-'),
        ...TIMED_STAGES.map(([stage]) => {
          const spent = durations.get(stage);
          return spent === undefined ? '-' : formatDuration(spent);
        }),
        total === undefined ? '-' : formatDuration(total),
        status.stage,
      ];
    }),
  );
}

export interface GroupTimes {
  name: string;
  machines: number;
  /** When the group's first failover began and its last machine completed (ms since epoch, workflow time). */
  firstFailover?: number;
  lastCompleted?: number;
  /** Whether its first failover began after the previous group's last machine completed (unknown for group 1, or until both happened). */
  afterPrevious?: boolean;
}

/** When a machine last entered `stage` (workflow time, ms), if it did. */
function lastEntered(status: MigrationStatus, stage: Stage): number | undefined {
  const times = status.stages.filter((entry) => entry.stage === stage).map((entry) => Date.parse(entry.enteredAt));
  return times.at(-1);
}

/** Each group's failover span, from its machines' stage times, and whether it began after the previous group ended. */
export function groupTimes(
  groups: ReadonlyArray<{ name: string; machineIds: readonly string[] }>,
  statuses: readonly MigrationStatus[],
): GroupTimes[] {
  const byId = new Map(statuses.map((status) => [status.machineId, status]));
  const spans = groups.map(({ name, machineIds }) => {
    const machines = machineIds.map((id) => byId.get(id)).filter((status) => status !== undefined);
    const failovers = machines.map((status) => lastEntered(status, 'FailingOver'));
    const completions = machines.map((status) => lastEntered(status, 'Completed'));
    const all = <T>(values: (T | undefined)[]): values is T[] => values.length > 0 && values.every((v) => v !== undefined);
    return {
      name,
      machines: machineIds.length,
      firstFailover: all(failovers) ? Math.min(...failovers) : undefined,
      lastCompleted: all(completions) ? Math.max(...completions) : undefined,
    };
  });
  return spans.map((span, index) => {
    const previous = spans[index - 1];
    if (!previous) return span;
    if (span.firstFailover === undefined || previous.lastCompleted === undefined) return span;
    return { ...span, afterPrevious: span.firstFailover > previous.lastCompleted };
  });
}

/** The cutover order: per group its failovers' start, its completion and whether it waited for the group before it. */
export function cutoverOrderTable(times: readonly GroupTimes[], origin: number): string[] {
  const at = (ms: number | undefined) => (ms === undefined ? '-' : `+${formatDuration(ms - origin)}`);
  return textTable(
    ['GROUP', 'MACHINES', 'FIRST FAILOVER', 'ALL COMPLETED', 'AFTER PREVIOUS GROUP'],
    times.map((group, index) => {
      const previous = times[index - 1];
      let after = '-';
      if (group.afterPrevious === true) after = `yes (${formatDuration(group.firstFailover! - previous!.lastCompleted!)} later)`;
      else if (group.afterPrevious === false) after = 'NO';
      return [`${index + 1}. ${group.name}`, String(group.machines), at(group.firstFailover), at(group.lastCompleted), after];
    }),
  );
}
