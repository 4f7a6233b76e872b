import { MIGRATE_MACHINE_WORKFLOW } from '../workflows/definitions';
import { shownText } from '../common/field-issues';
import { SCENARIOS, type Scenario } from '../common/migration-request';
import { MAX_WAVE_LENGTH } from '../common/request-field-rules';
import { STAGES, type Stage } from '../common/stages';

export interface ListFilter {
  stage?: Stage;
  wave?: string;
  scenario?: Scenario;
}

/** A visibility query, and the exact test each migration it finds must still pass. */
export interface ListQuery {
  query: string;
  keep(found: { wave?: string }): boolean;
}

/**
 * Temporal's visibility grammar is SQL-like: string literals in single quotes, with backslash escapes
 * (`\\` for a backslash, `\'` for a quote).
 */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * What a visibility store may not compare as written, however the literal is escaped (measured against the
 * dev server's SQLite store): it writes the parsed literal back into SQL with MySQL-style backslash escapes
 * (for `\`, `"`, backspace, tab, newline, carriage return, NUL), which SQLite reads as literal backslashes,
 * and it trims quotes off both ends of the value. `MigrationWave = '...'` never finds such a wave.
 */
const NOT_COMPARABLE = /[\\"\p{Cc}\p{Cs}]|^'|'$/u;

/** STARTS_WITH becomes a LIKE on SQL stores, where a quote also ends the prefix early. */
const NOT_IN_PREFIX = /[\\"'\p{Cc}\p{Cs}]/u;

/**
 * The wave clause: `=` when the store compares the wave as written; otherwise the longest prefix it does
 * compare (STARTS_WITH), or any wave at all, and the exact comparison is left to `keep`.
 */
function waveClause(wave: string): string {
  if (!NOT_COMPARABLE.test(wave)) return `MigrationWave = ${quote(wave)}`;
  const prefix = wave.slice(0, wave.search(NOT_IN_PREFIX));
  return prefix ? `MigrationWave STARTS_WITH ${quote(prefix)}` : 'MigrationWave IS NOT NULL';
}

/**
 * Builds the visibility query for `list`, e.g. `WorkflowType = 'migrateMachine' AND MigrationStage =
 * 'AwaitingFailoverApproval'`. Stage and scenario are checked against their known values; any wave can be
 * listed, the server's answer being narrowed by `keep` to the migrations of exactly that wave.
 */
export function listQueryFor(filter: ListFilter = {}): ListQuery {
  if (filter.stage !== undefined && !STAGES.includes(filter.stage)) {
    throw new RangeError(`Unknown stage ${shownText(filter.stage)}; expected one of ${STAGES.join(', ')}`);
  }
  if (filter.scenario !== undefined && !SCENARIOS.includes(filter.scenario)) {
    throw new RangeError(`Unknown scenario ${shownText(filter.scenario)}; expected one of ${SCENARIOS.join(', ')}`);
  }
  const { wave } = filter;
  if (wave !== undefined && (typeof wave !== 'string' || wave.length > MAX_WAVE_LENGTH)) {
    throw new RangeError(`A wave is a string of at most ${MAX_WAVE_LENGTH} characters`);
  }
  const clauses = [`WorkflowType = ${quote(MIGRATE_MACHINE_WORKFLOW)}`];
  if (filter.stage) clauses.push(`MigrationStage = ${quote(filter.stage)}`);
  if (filter.scenario) clauses.push(`SourcePlatform = ${quote(filter.scenario)}`);
  if (wave !== undefined) clauses.push(waveClause(wave));
  return { query: clauses.join(' AND '), keep: (found) => wave === undefined || found.wave === wave };
}

/** The visibility query alone (see listQueryFor: for some waves the server's answer needs narrowing). */
export function visibilityQueryFor(filter: ListFilter = {}): string {
  return listQueryFor(filter).query;
}
