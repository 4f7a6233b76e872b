import { MIGRATE_MACHINE_WORKFLOW } from '../workflows/definitions';
import { SCENARIOS, type Scenario } from '../common/migration-request';
import { STAGES, type Stage } from '../common/stages';

export interface ListFilter {
  stage?: Stage;
  wave?: string;
  scenario?: Scenario;
}

/** Temporal's visibility queries are SQL-like: string literals in single quotes, backslash escapes. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Builds the visibility query for `list`, e.g. `WorkflowType = 'migrateMachine' AND MigrationStage = 'AwaitingFailoverApproval'`. */
export function visibilityQueryFor(filter: ListFilter = {}): string {
  if (filter.stage !== undefined && !STAGES.includes(filter.stage)) {
    throw new RangeError(`Unknown stage "${filter.stage}"; expected one of ${STAGES.join(', ')}`);
  }
  if (filter.scenario !== undefined && !SCENARIOS.includes(filter.scenario)) {
    throw new RangeError(`Unknown scenario "${filter.scenario}"; expected one of ${SCENARIOS.join(', ')}`);
  }
  const clauses = [`WorkflowType = ${quote(MIGRATE_MACHINE_WORKFLOW)}`];
  if (filter.stage) clauses.push(`MigrationStage = ${quote(filter.stage)}`);
  if (filter.scenario) clauses.push(`SourcePlatform = ${quote(filter.scenario)}`);
  if (filter.wave !== undefined) clauses.push(`MigrationWave = ${quote(filter.wave)}`);
  return clauses.join(' AND ');
}
