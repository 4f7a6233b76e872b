import { FINAL_STAGES, STAGES, type Stage } from '../../common/stages';

/** One migration as `GET /v1/migrations` lists it (client/ MigrationSummary, as JSON). */
export interface FleetItem {
  machineId: string;
  stage?: Stage;
  scenario?: string;
  wave?: string;
  executionStatus: string;
  startTime: string;
  closeTime?: string;
}

/** The normal path, Preflight to Completed: a migration's place on it is its progress bar. */
export const NORMAL_PATH: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('Completed') + 1);

/** Where on the normal path a migration is (1-based), or undefined off it (aborting, aborted, failed). */
export function stepOf(stage: Stage | undefined): number | undefined {
  const index = stage === undefined ? -1 : NORMAL_PATH.indexOf(stage);
  return index < 0 ? undefined : index + 1;
}

export function isFinal(stage: Stage | undefined): boolean {
  return stage !== undefined && FINAL_STAGES.includes(stage);
}

export function countByStage(items: readonly FleetItem[]): Map<Stage | 'Unknown', number> {
  const counts = new Map<Stage | 'Unknown', number>();
  for (const item of items) counts.set(item.stage ?? 'Unknown', (counts.get(item.stage ?? 'Unknown') ?? 0) + 1);
  return counts;
}

/** Distinct non-empty values, sorted. */
export function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))].sort();
}
