/**
 * How the migration workflows are bundled, wherever a bundle is built (worker start-up, tests, bench):
 * zod is preloaded once per worker thread and shared by every cached migration (see workflows/preload.ts).
 */
export const MIGRATION_WORKFLOWS_PATH = require.resolve('../workflows');
export const MIGRATION_PRELOAD_MODULES = [require.resolve('../workflows/preload')];
