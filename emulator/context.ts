import type { RequestLog } from './http/request-log';
import type { VaultScope } from './http/resource-ids';
import type { FaultInjector } from './model/faults';
import type { Clock } from './model/simulation';
import type { StateIndex } from './model/state-index';
import type { EmulatorState } from './model/state';
import type { Topology } from './model/topology';

/**
 * The one context of a running emulator, given to every pipeline stage, handler, view and simulation step: the
 * vault and its state, virtual time, the faults, how it answers, the request log and how state is saved.
 */
export interface EmulatorContext {
  scope: VaultScope;
  topology: Topology;
  state: EmulatorState;
  /** Look-ups over the state (what is due when, names), never persisted: rebuilt from the state with indexState. */
  index: StateIndex;
  clock: Clock;
  faults: FaultInjector;
  /** Replication bandwidth per machine (Mbit/s); an inventory machine can set its own. */
  bandwidthMbps: number;
  /** Retry-After on 202s and operation polls in progress; 0 omits the header. */
  pollRetryAfterSeconds: number;
  /** Items per page of a list; more are reached through nextLink. */
  pageSize: number;
  log: RequestLog;
  /** Saves the state (with the clock offset) when a store is configured. */
  persist(): void;
}
