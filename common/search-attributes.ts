import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Stage } from './stages';

export const MIGRATION_STAGE = defineSearchAttributeKey('MigrationStage', SearchAttributeType.KEYWORD);
export const SOURCE_PLATFORM = defineSearchAttributeKey('SourcePlatform', SearchAttributeType.KEYWORD);
export const MIGRATION_WAVE = defineSearchAttributeKey('MigrationWave', SearchAttributeType.KEYWORD);

/** The custom search attributes the dev server registers at start (`--search-attribute name=Keyword`). */
export const CUSTOM_SEARCH_ATTRIBUTES = [MIGRATION_STAGE, SOURCE_PLATFORM, MIGRATION_WAVE];

/**
 * Stages MigrationStage does not show (each upsert is a billable action and a history event): it stays
 * Preflight while replication is being enabled, InitialReplication while the test failover runs after the
 * sync (CleaningUpTestFailover during a retest's), and FailingOver while the migration is being completed.
 * The waits people look for (InitialReplication, AwaitingTestApproval, AwaitingFailoverApproval), the end
 * of each approval wait and the outcomes are shown. Applies to migrations started since 'lean-migration-cost'.
 */
export const STAGES_NOT_SEARCHABLE: readonly Stage[] = ['EnablingReplication', 'TestFailover', 'CompletingMigration'];
