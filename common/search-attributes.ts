import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { MigrationRequest } from './migration-request';
import type { Stage } from './stages';

export const MIGRATION_STAGE = defineSearchAttributeKey('MigrationStage', SearchAttributeType.KEYWORD);
export const SOURCE_PLATFORM = defineSearchAttributeKey('SourcePlatform', SearchAttributeType.KEYWORD);
export const MIGRATION_WAVE = defineSearchAttributeKey('MigrationWave', SearchAttributeType.KEYWORD);
/** A wave's stage (common/wave-stages.ts), on `migrateWave` workflows (which also carry MigrationWave). */
export const WAVE_STAGE = defineSearchAttributeKey('WaveStage', SearchAttributeType.KEYWORD);

/**
 * A migration's search attributes as it starts (stage Preflight). Written twice on purpose, from this one
 * list: the client sets them when it starts the workflow, so the migration is listed by stage, scenario and
 * wave before its first workflow task runs; the workflow upserts them again (workflows/migration-state.ts),
 * because anyone with namespace access may start it without our client. Later stages are upserted by the
 * workflow alone.
 */
export function initialSearchAttributes(request: Pick<MigrationRequest, 'scenario' | 'wave'>): SearchAttributePair[] {
  return [
    { key: MIGRATION_STAGE, value: 'Preflight' satisfies Stage },
    { key: SOURCE_PLATFORM, value: request.scenario },
    ...(request.wave ? [{ key: MIGRATION_WAVE, value: request.wave }] : []),
  ];
}

/** The custom search attributes the dev server registers at start (`--search-attribute name=Keyword`). */
export const CUSTOM_SEARCH_ATTRIBUTES = [MIGRATION_STAGE, SOURCE_PLATFORM, MIGRATION_WAVE, WAVE_STAGE];

/**
 * Stages MigrationStage does not show (each upsert is a billable action and a history event): it stays
 * Preflight while replication is being enabled, InitialReplication while the test failover runs after the
 * sync (CleaningUpTestFailover during a retest's), and FailingOver while the migration is being completed.
 * The waits people look for (InitialReplication, AwaitingTestApproval, AwaitingFailoverApproval), the end
 * of each approval wait and the outcomes are shown. Applies to migrations started since 'lean-migration-cost'.
 */
export const STAGES_NOT_SEARCHABLE: readonly Stage[] = ['EnablingReplication', 'TestFailover', 'CompletingMigration'];
