/**
 * How the migration workflows are bundled, wherever a bundle is built (worker start-up, tests, bench). Preloaded
 * modules are evaluated once per worker thread and shared by every cached workflow: zod (see workflows/preload.ts)
 * and the thread's store of built schemas (workflows/thread-shared.ts).
 */
export const MIGRATION_WORKFLOWS_PATH = require.resolve('../workflows');
export const MIGRATION_PRELOAD_MODULES = [require.resolve('../workflows/preload'), require.resolve('../workflows/thread-shared')];
