import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import type { DevServerSettings } from '../config/local-stack';
import { resolveTemporalCli } from './temporal-cli';

/**
 * Runs the server under a tiny shell holding the read end of a pipe from this process. The pipe closes when
 * we close it (stop) or when this process ends in any way, even SIGKILL; the shell then stops the server
 * gracefully and exits once it is gone. So no server outlives its owner.
 */
const SUPERVISOR = ['"$0" "$@" & server=$!', 'exec 3<&0', '{ read -r _ <&3; kill -TERM "$server" 2>/dev/null; } &', 'wait "$server"'].join(
  '\n',
);

export interface DevServerOptions extends DevServerSettings {
  namespace: string;
  /** How long to wait for the server to answer before giving up. */
  startTimeoutMs: number;
  /** Echo the server's own output on stderr (it is always kept for start-up errors). */
  echoOutput: boolean;
  /** Serve Prometheus metrics (among them the billable `action` counter) on this port; a random one otherwise. */
  metricsPort?: number;
}

export interface DevServerHandle {
  /** gRPC address for clients and workers, e.g. 127.0.0.1:7233. */
  address: string;
  uiUrl: string;
  namespace: string;
  dbFile: string;
  /** Process (group leader) supervising the server; the server is gone once it has exited. */
  pid: number;
  /** Stops the server and waits until its process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** `npm start`'s dev server: the settings (config/local-stack.ts) with the default namespace, its output echoed. */
export function devServerOptions(settings: DevServerSettings): DevServerOptions {
  return { ...settings, namespace: 'default', startTimeoutMs: 60_000, echoOutput: true };
}

/** `--search-attribute Name=Type` arguments for every custom search attribute the workflow sets. */
export function searchAttributeArgs(): string[] {
  return CUSTOM_SEARCH_ATTRIBUTES.flatMap(({ name, type }) => [
    '--search-attribute',
    `${name}=${TypedSearchAttributes.toMetadataType(type)}`,
  ]);
}

/** Starts `temporal server start-dev` (SQLite-backed, UI on, search attributes registered) and waits until it serves. */
export async function startDevServer(options: DevServerOptions): Promise<DevServerHandle> {
  const temporal = await resolveTemporalCli();
  await assertPortFree(options.ip, options.port, 'SITESHIFT_TEMPORAL_PORT');
  await assertPortFree(options.ip, options.uiPort, 'SITESHIFT_TEMPORAL_UI_PORT');
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = join(options.dataDir, 'temporal.db');

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    options.ip,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
    ...searchAttributeArgs(),
  ];
  // Own process group: Ctrl-C reaches only us, so the worker drains before the server goes away.
  const child = spawn('sh', ['-c', SUPERVISOR, temporal, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const output = forwardOutput(child, options.echoOutput);
  const exited = new Promise<string>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit(signal ? `signal ${signal}` : `exit code ${code}`)),
  );

  const address = `${options.ip}:${options.port}`;
  const stop = once(async () => {
    // While shutting down the server logs every refused internal connection; none of it is news.
    output.mute();
    child.stdin!.end();
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]);
    if (!stopped) {
      killGroup(child, 'SIGKILL');
      await exited;
    }
  });

  try {
    await Promise.race([
      waitUntilServing(address, options.namespace, options.startTimeoutMs),
      exited.then((how) => {
        throw new Error(`temporal server start-dev stopped during start-up (${how}):\n${output.recent.join('\n')}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    address,
    uiUrl: `http://${options.ip}:${options.uiPort}`,
    namespace: options.namespace,
    dbFile,
    pid: child.pid!,
    stop,
  };
}

/** Serving = the namespace answers and all custom search attributes are registered. */
async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = CUSTOM_SEARCH_ATTRIBUTES.filter(({ name }) => !customAttributes?.[name]).map(({ name }) => name);
      if (missing.length === 0) return;
      lastError = new Error(`search attributes not registered yet: ${missing.join(', ')}`);
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close();
    }
    await sleep(250);
  }
  throw new Error(`Temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

function assertPortFree(ip: string, port: number, setting: string): Promise<void> {
  return new Promise((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `Cannot start the Temporal dev server: ${ip}:${port} is ${error.code === 'EADDRINUSE' ? 'already in use (another Temporal server?)' : `unavailable (${error.code})`}. ` +
            `Stop that process or choose another port with ${setting}.`,
        ),
      ),
    );
    probe.listen(port, ip, () => probe.close(() => resolveFree()));
  });
}

/** Forwards the server's output with a prefix and keeps the last lines for start-up errors. */
function forwardOutput(child: ChildProcess, echo: boolean): { recent: string[]; mute(): void } {
  const recent: string[] = [];
  let muted = !echo;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (!muted) process.stderr.write(`[temporal] ${line}\n`);
    });
  }
  return { recent, mute: () => (muted = true) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
