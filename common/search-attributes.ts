import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const MIGRATION_STAGE = defineSearchAttributeKey('MigrationStage', SearchAttributeType.KEYWORD);
export const SOURCE_PLATFORM = defineSearchAttributeKey('SourcePlatform', SearchAttributeType.KEYWORD);
export const MIGRATION_WAVE = defineSearchAttributeKey('MigrationWave', SearchAttributeType.KEYWORD);

/** The custom search attributes the dev server registers at start (`--search-attribute name=Keyword`). */
export const CUSTOM_SEARCH_ATTRIBUTES = [MIGRATION_STAGE, SOURCE_PLATFORM, MIGRATION_WAVE];
