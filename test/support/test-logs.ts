import { DefaultLogger, type Logger, type RuntimeOptions } from '@temporalio/worker';

/**
 * Tests are quiet by default: the warnings (with stack traces) a worker logs for the failures tests provoke on
 * purpose stay out of a green run. `SITESHIFT_TEST_LOGS=1 npx jest ...` brings them back.
 */
export const TEST_LOGS_VAR = 'SITESHIFT_TEST_LOGS';

export function testLogsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[TEST_LOGS_VAR]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** The logger of workers in tests: warnings and up when asked for, otherwise nothing. */
export function testWorkerLogger(): Logger {
  return testLogsWanted() ? new DefaultLogger('WARN') : new DefaultLogger('ERROR', () => undefined);
}

/** The test runtime: the SDK's native (core) logs go through the same logger instead of straight to stderr. */
export function testRuntimeOptions(): RuntimeOptions {
  return { logger: testWorkerLogger(), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } } };
}

/** The shared dev server's own log level (its output goes straight to the terminal). */
export function testServerLogLevel(): 'warn' | 'never' {
  return testLogsWanted() ? 'warn' : 'never';
}
