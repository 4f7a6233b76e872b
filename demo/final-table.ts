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

/** machine, scenario, failover type, time per stage, total and final stage: one line per machine. */
export function finalTable(statuses: readonly MigrationStatus[]): string[] {
  return textTable(
    ['MACHINE', 'SCENARIO', 'FAILOVER', ...TIMED_STAGES.map(([, heading]) => heading), 'TOTAL', 'FINAL STAGE'],
    statuses.map((status) => {
      const durations = stageDurations(status);
      const total = totalDuration(status);
      return [
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
