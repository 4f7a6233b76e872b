import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { EmulatorContext } from './context';
import type { AdminControls } from './handlers/admin';
import { emulatorCertificate } from './http/certificate';
import { RequestLog, type RequestLogEntry } from './http/request-log';
import { listen } from './http/server';
import { FaultInjector, parseFaultConfig, type FaultConfig, type FaultConfigInput } from './model/faults';
import { loadInventory, parseInventory, type Inventory } from './model/inventory';
import { FileStateStore, memoryStore } from './model/persistence';
import { replaceFaults } from './model/replication-health';
import { settle } from './model/settle';
import { Clock } from './model/simulation';
import { emptyState, type EmulatorState } from './model/state';
import { indexState } from './model/state-index';
import { Topology } from './model/topology';

/** The emulator's public API: startEmulator and what it returns. Everything else is internal to emulator/. */

export type { RequestLogEntry } from './http/request-log';
export type { FaultConfig, FaultConfigInput } from './model/faults';
export type { Inventory } from './model/inventory';
export { parseFaultConfig } from './model/faults';
export { loadInventory, parseInventory } from './model/inventory';
export { JOB_DURATION_SECONDS } from './model/jobs';

export const DEFAULT_INVENTORY_PATH = join(__dirname, 'inventory.json');

/** The Retry-After Azure sends with its 202s and polls in progress (seconds). */
export const AZURE_RETRY_AFTER_SECONDS = 30;
/** Azure's Retry-After in the emulator's virtual time: 30 virtual seconds as real ones, at least 1. */
export function retryAfterSecondsAt(timeScale: number): number {
  return Math.max(1, Math.round(AZURE_RETRY_AFTER_SECONDS / timeScale));
}
export const SAMPLE_REQUESTS_PATH = join(__dirname, 'sample-requests.json');

export interface EmulatorOptions {
  /** 0 (default) picks a free port. Restart on the same port to keep operation URLs valid. */
  port?: number;
  /** Default emulator/inventory.json. */
  inventoryPath?: string;
  /** An inventory object instead of a file. */
  inventory?: unknown;
  /** Persist state here (atomic writes) and keep the certificate next to it; without it, state lives in memory. */
  statePath?: string;
  /** Where the certificate is kept; defaults to the directory of statePath. Without either, a new one per start. */
  certificateDir?: string;
  /** Virtual seconds per real second (default 1 = real time). Tests use e.g. 100000. */
  timeScale?: number;
  /** Replication bandwidth per machine in Mbit/s (default 100); an inventory machine can override it. */
  bandwidthMbps?: number;
  /** Fault injection, inline or from a JSON file (inline wins). */
  faults?: FaultConfigInput;
  faultsPath?: string;
  /**
   * Retry-After (seconds) sent with 202s, operation-result 202s and operation polls in progress. Azure sends 30 (the
   * CLI's default); 0 (the default here, for fast tests) omits it so clients poll at their own interval.
   */
  pollRetryAfterSeconds?: number;
  /** Items per page of a list before nextLink (default 100; tests use small pages to exercise paging). */
  pageSize?: number;
}

export interface RunningEmulator {
  /** https://127.0.0.1:{port}: the ARM endpoint to give the SDK client. */
  url: string;
  port: number;
  /** The self-signed certificate clients must trust (as their only extra CA). */
  certificatePem: string;
  certificatePath?: string;
  /** The seeded vault. */
  subscriptionId: string;
  resourceGroup: string;
  vault: string;
  inventory: Inventory;
  stop(): Promise<void>;
  requestLog(): RequestLogEntry[];
  /** The entries logged after the one numbered `seq` (0: all), oldest first: follow the log without copying all of it. */
  requestLogSince(seq: number): RequestLogEntry[];
  clearRequestLog(): void;
  setFaults(config: FaultConfigInput): void;
  faults(): FaultConfig;
  /** Moves virtual time forward (jobs finish, replication progresses) without waiting. */
  advanceClock(virtualSeconds: number): void;
  /** A copy of the run-time state (protected items, jobs). */
  state(): EmulatorState;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const inventory =
    options.inventory !== undefined ? parseInventory(options.inventory) : loadInventory(options.inventoryPath ?? DEFAULT_INVENTORY_PATH);
  const store = options.statePath ? new FileStateStore(options.statePath) : memoryStore;
  const state = store.load() ?? emptyState();
  const faultInput = options.faults ?? (options.faultsPath ? readJsonFile(options.faultsPath, 'fault configuration') : {});
  const faults = new FaultInjector(parseFaultConfig(faultInput), state.faultUses);
  const clock = new Clock(options.timeScale ?? 1, state.clockOffsetMs);
  const topology = new Topology(inventory);
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer, got ${options.pageSize}`);
  const ctx: EmulatorContext = {
    scope: topology.scope,
    topology,
    state,
    index: indexState(state, clock),
    clock,
    faults,
    bandwidthMbps: options.bandwidthMbps ?? 100,
    pollRetryAfterSeconds: options.pollRetryAfterSeconds ?? 0,
    pageSize,
    log: new RequestLog(store.loadLog(), (entry) => store.appendLog(entry)),
    persist: () => {
      state.clockOffsetMs = clock.offsetMs;
      store.save(state);
    },
  };
  // Replication slowed before a restart keeps the backlog it built; from now on the faults given at start apply.
  clock.still(() => {
    settle(ctx, clock.now());
    replaceFaults(ctx, faults.current, clock.now());
  });
  const certificate = await emulatorCertificate(options.certificateDir ?? (options.statePath ? dirname(options.statePath) : undefined));

  let url = '';
  const controls: AdminControls = {
    url: () => url,
    requestLog: () => ctx.log.all(),
    clearRequestLog: () => {
      ctx.log.clear();
      store.clearLog();
    },
    faults: () => faults.current,
    setFaults: (config) => {
      const parsed = parseFaultConfig(config);
      clock.still(() => {
        settle(ctx, clock.now());
        replaceFaults(ctx, parsed, clock.now());
      });
      ctx.persist();
    },
    advanceClock: (seconds) => {
      clock.advance(seconds);
      settle(ctx, clock.now());
      ctx.persist();
    },
    clock: () => ({ now: new Date(clock.now()).toISOString(), timeScale: clock.timeScale }),
    state: () => JSON.parse(JSON.stringify(state)) as EmulatorState,
  };

  const server = await listen(ctx, controls, certificate, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;
  ctx.persist();

  return {
    url,
    port,
    certificatePem: certificate.certPem,
    certificatePath: certificate.certPath,
    subscriptionId: inventory.subscriptionId,
    resourceGroup: inventory.resourceGroup,
    vault: inventory.vault,
    inventory,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    requestLog: () => ctx.log.all(),
    requestLogSince: (seq) => ctx.log.since(seq),
    clearRequestLog: controls.clearRequestLog,
    setFaults: (config) => controls.setFaults(config),
    faults: () => faults.current,
    advanceClock: controls.advanceClock,
    state: () => controls.state() as EmulatorState,
  };
}

function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${path} as JSON: ${(error as Error).message}`);
  }
}
