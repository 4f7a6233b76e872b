import type { MigrationClient } from '../client/migration-client';
import type { CliMigrations } from './commands';
import { UsageError } from './exit-codes';

/**
 * The Temporal client behind the CLI's backend, for the commands the HTTP API does not offer yet (waves): a
 * UsageError naming the command when the CLI goes through the API (SITESHIFT_API_URL).
 */
export function directTemporal(backend: CliMigrations, command: string): MigrationClient {
  const direct = backend as Partial<MigrationClient>;
  if (!direct.client || !direct.taskQueue) {
    throw new UsageError(`${command}: this command goes to Temporal directly for now; unset SITESHIFT_API_URL to use it`);
  }
  return direct as MigrationClient;
}
