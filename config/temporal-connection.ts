import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { readSetting, type Setting } from './setting';

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_NAMESPACE = 'default';

export interface ConnectionSettings {
  /** Address, TLS, API key and gRPC metadata; usable for both `NativeConnection` and client `Connection`. */
  connectionOptions: NativeConnectionOptions & { address: string };
  namespace: string;
}

/**
 * Connection settings from the standard Temporal client configuration: the profile named by TEMPORAL_PROFILE
 * (default "default") in TEMPORAL_CONFIG_FILE or ~/.config/temporalio/temporal.toml, overridden by
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS* and TEMPORAL_GRPC_META_* variables.
 * The same worker therefore runs against the embedded dev server, a self-hosted cluster or Temporal Cloud.
 */
export function loadConnectionSettings(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  let loaded: ReturnType<typeof loadClientConnectConfig>;
  try {
    loaded = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot load Temporal connection settings (TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE): ${reason}`);
  }
  const { connectionOptions, namespace } = loaded;
  return {
    connectionOptions: { ...connectionOptions, address: connectionOptions.address || DEFAULT_TEMPORAL_ADDRESS },
    namespace: namespace || DEFAULT_NAMESPACE,
  };
}

/** Where the settings point, without secrets, for start-up logs. */
export function describeConnection({ connectionOptions, namespace }: ConnectionSettings): string {
  const security = connectionOptions.apiKey ? 'TLS + API key' : connectionOptions.tls ? 'TLS' : 'plaintext';
  return `${connectionOptions.address} (namespace ${namespace}, ${security})`;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** How long a program waits at start for Temporal to answer: milliseconds, or until it does. */
export type TemporalWait = number | 'forever';

export const TEMPORAL_WAIT_VARIABLE = 'SITESHIFT_TEMPORAL_WAIT_SECONDS';

/** The default wait of a one-shot command (the CLI): long enough for a server restart, short enough for a script. */
export const ONE_SHOT_TEMPORAL_WAIT_MS = 15_000;

const waitSetting: Setting<TemporalWait> = {
  schema: z.union([
    z.literal('forever'),
    z
      .string()
      .transform(Number)
      .pipe(z.number().finite().min(0))
      .transform((seconds) => seconds * 1000),
  ]),
  expects: "a number of seconds (0: do not wait) or 'forever'",
};

/**
 * SITESHIFT_TEMPORAL_WAIT_SECONDS, or the program's own default: a long-running worker waits forever (what
 * process supervisors expect), a one-shot command a bounded time.
 */
export function temporalWaitFromEnv(env: NodeJS.ProcessEnv, programDefault: TemporalWait): TemporalWait {
  return readSetting(env, TEMPORAL_WAIT_VARIABLE, waitSetting) ?? programDefault;
}
