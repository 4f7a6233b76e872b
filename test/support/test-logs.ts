import { DefaultLogger, type Logger } from '@temporalio/worker';

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
