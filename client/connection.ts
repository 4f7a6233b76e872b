import { lookup } from 'node:dns/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { describeConnection, loadConnectionSettings, type TemporalWait } from '../config/temporal-connection';
import { TemporalMisconfiguredError, UNKNOWN_HOST, waitForTemporal } from '../config/wait-for-temporal';

export interface ConnectOptions {
  /** Environment to read TEMPORAL_* settings from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Wait for Temporal while it is down, retrying with backoff (config/wait-for-temporal.ts); a one-shot command
   * passes a bounded wait, e.g. temporalWaitFromEnv(env, 30_000). Unset: one attempt (the SDK's 10 s connect timeout).
   */
  wait?: TemporalWait;
  /** One line per failed attempt while waiting (default: stderr). */
  log?: (line: string) => void;
  /** Stops the wait (Ctrl-C). */
  signal?: AbortSignal;
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
  const connectionOptions = settings.connectionOptions as ConnectionOptions;
  let connection: Connection;
  if (options.wait === undefined) {
    connection = await Connection.connect(connectionOptions);
  } else {
    const target = describeConnection(settings);
    // The client's transport reports every failure as a missed deadline, so an unknown host is told apart here.
    await assertHostResolves(settings.connectionOptions.address, target);
    connection = await waitForTemporal(() => Connection.connect({ ...connectionOptions, connectTimeout: 5_000 }), {
      target,
      wait: options.wait,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      signal: options.signal,
    });
  }
  return { connection, client: new Client({ connection, namespace: settings.namespace }) };
}

async function assertHostResolves(address: string, target: string): Promise<void> {
  const host = address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  try {
    await lookup(host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTFOUND') {
      throw new TemporalMisconfiguredError(target, UNKNOWN_HOST, error);
    }
  }
}
