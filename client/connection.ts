import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { describeConnection, loadConnectionSettings } from '../config/temporal-connection';

export interface ConnectOptions {
  /** Environment to read TEMPORAL_* settings from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Where the project's connection settings point, for error messages (no secrets). */
export function describeConfiguredConnection(env: NodeJS.ProcessEnv = process.env): string {
  return describeConnection(loadConnectionSettings(env));
}

/**
 * A Temporal client on the project's connection settings (config/temporal-connection.ts: TEMPORAL_* variables and
 * envconfig profiles), so the CLI and services reach the same cluster as the worker.
 */
export async function connectToTemporal(options: ConnectOptions = {}): Promise<{ client: Client; connection: Connection }> {
  const settings = loadConnectionSettings(options.env);
  const connection = await Connection.connect(settings.connectionOptions as ConnectionOptions);
  return { connection, client: new Client({ connection, namespace: settings.namespace }) };
}
