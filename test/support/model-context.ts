import type { EmulatorContext } from '../../emulator/context';
import { RequestLog } from '../../emulator/http/request-log';
import { FaultInjector, parseFaultConfig, type FaultConfigInput } from '../../emulator/model/faults';
import { loadInventory } from '../../emulator/model/inventory';
import type { Clock } from '../../emulator/model/simulation';
import type { EmulatorState, ProtectedItemState } from '../../emulator/model/state';
import { indexState } from '../../emulator/model/state-index';
import { Topology } from '../../emulator/model/topology';
import { DEFAULT_INVENTORY_PATH } from '../../emulator';

/** An emulator context without a server, for tests of the model: what startEmulator builds, in memory. */

const topology = new Topology(loadInventory(DEFAULT_INVENTORY_PATH));

export function modelContext(state: EmulatorState, clock: Clock, faults: FaultConfigInput = {}): EmulatorContext {
  return {
    scope: topology.scope,
    topology,
    state,
    index: indexState(state, clock),
    clock,
    faults: new FaultInjector(parseFaultConfig(faults), state.faultUses),
    bandwidthMbps: 100,
    pollRetryAfterSeconds: 0,
    pageSize: 100,
    log: new RequestLog(),
    persist: () => {},
  };
}

/**
 * A protected item, Enabling, of a machine of its own (`machine-{index}`), two in three in a multi-VM group; the model
 * does not check it against the inventory.
 */
export function modelItem(index: number, totalBytes: number, bytesPerSecond: number, now: number): ProtectedItemState {
  const name = `m${index}`;
  return {
    name,
    fabric: 'fabric',
    container: 'container',
    machine: `machine-${index}`,
    friendlyName: name.toUpperCase(),
    provider: index % 2 ? 'InMageRcm' : 'A2A',
    policy: 'policy',
    phase: 'Enabling',
    testFailover: 'None',
    replication: { totalBytes, bytesPerSecond },
    target: { vmName: name },
    healthErrors: [],
    createdAt: now,
    enableInput: {},
    ...(index % 3 !== 2 ? { multiVmGroup: { name: `group-${Math.floor(index / 2) % 2}`, id: `group-id-${index}` } } : {}),
  };
}
