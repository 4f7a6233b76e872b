import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

export interface ConnectOptions {
  /** envconfig profile name; defaults to TEMPORAL_PROFILE, then "default". */
  profile?: string;
  /** Environment to read TEMPORAL_* settings from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Connects a Temporal client with the standard TEMPORAL_* environment variables / envconfig TOML profiles
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE),
 * so the same code reaches a dev server, a self-hosted cluster or Temporal Cloud.
 */
export async function connectToTemporal(options: ConnectOptions = {}): Promise<{ client: Client; connection: Connection }> {
  const env = options.env ?? process.env;
  const config = loadClientConnectConfig({ profile: options.profile, overrideEnvVars: definedOnly(env) });
  const connection = await Connection.connect(config.connectionOptions as ConnectionOptions);
  return { connection, client: new Client({ connection, namespace: config.namespace ?? 'default' }) };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
