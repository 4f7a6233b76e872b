import { DueQueue } from './due-queue';
import { replicationEndsAt, type Clock } from './simulation';
import { itemKey, type EmulatorState, type JobState, type ProtectedItemState } from './state';

/** An item waiting in initial replication, under the key it was stored at (to tell a later item of that name apart). */
export interface SyncingItem {
  key: string;
  item: ProtectedItemState;
}

/**
 * Look-ups over the state, kept beside it and never persisted (the state file stays what it was): what becomes due
 * when, and jobs and items by the names requests use. Built from the state by `indexState` (at start, or after a
 * reload) and kept current by the model functions that change the state (startJob, addItem/removeItem, settle),
 * so no request has to scan every job or item.
 */
export class StateIndex {
  /** Unsettled jobs by their end. */
  readonly jobsDue = new DueQueue<JobState>();
  /** Items in InitialReplication by the earliest moment their initial sync can complete. */
  syncsDue = new DueQueue<SyncingItem>();
  /** Jobs by lower-cased name: requests may spell a name in another case (ARM names are case-insensitive). */
  private readonly jobsByName = new Map<string, JobState>();
  /** Keys of the items protecting each machine (itemKey of fabric, container, machine), in the state's order. */
  private readonly itemsByMachine = new KeysByName();
  /** Keys of the A2A items of each multi-VM group (lower-cased fabric and group name), in the state's order. */
  private readonly a2aItemsByGroup = new KeysByName();
  /** How many items each container (lower-cased fabric and container) protects. */
  private readonly itemCounts = new Map<string, number>();

  jobStarted(job: JobState): void {
    if (!job.settled) this.jobsDue.push(job.endsAt, job);
    const lower = job.name.toLowerCase();
    if (!this.jobsByName.has(lower)) this.jobsByName.set(lower, job);
  }

  /** The job of that name in any case; the first one started when names differ only in case (as a scan would find). */
  job(name: string): JobState | undefined {
    return this.jobsByName.get(name.toLowerCase());
  }

  itemAdded(key: string, item: ProtectedItemState): void {
    this.itemsByMachine.add(machineKey(item), key);
    const group = a2aGroupKey(item);
    if (group !== undefined) this.a2aItemsByGroup.add(group, key);
    const container = containerKey(item.fabric, item.container);
    this.itemCounts.set(container, (this.itemCounts.get(container) ?? 0) + 1);
  }

  itemRemoved(key: string, item: ProtectedItemState): void {
    if (!this.itemsByMachine.remove(machineKey(item), key)) return;
    const group = a2aGroupKey(item);
    if (group !== undefined) this.a2aItemsByGroup.remove(group, key);
    const container = containerKey(item.fabric, item.container);
    this.itemCounts.set(container, (this.itemCounts.get(container) ?? 1) - 1);
  }

  /** How many items the container protects. */
  itemsIn(fabric: string, container: string): number {
    return this.itemCounts.get(containerKey(fabric, container)) ?? 0;
  }

  /** The key of the (first) item protecting the machine, if any. */
  itemKeyProtecting(fabric: string, container: string, machine: string): string | undefined {
    return this.itemsByMachine.first(itemKey(fabric, container, machine));
  }

  /** The key of the first A2A item of the fabric in the multi-VM group, if any. */
  a2aItemKeyInGroup(fabric: string, group: string): string | undefined {
    return this.a2aItemsByGroup.first(groupKey(fabric, group));
  }

  /** The item entered InitialReplication (or is re-checked): it is looked at again once its sync can have completed. */
  initialSyncPending(entry: SyncingItem, clock: Clock, notBefore = -Infinity): void {
    const due = initialSyncDueAt(entry.item, clock);
    if (due !== undefined) this.syncsDue.push(Math.max(due, notBefore), entry);
  }

  /** What can complete when changed (the faults): every item in InitialReplication is scheduled anew. */
  rescheduleInitialSyncs(state: EmulatorState, clock: Clock): void {
    this.syncsDue = new DueQueue<SyncingItem>();
    for (const [key, item] of Object.entries(state.items)) {
      if (item.phase === 'InitialReplication') this.initialSyncPending({ key, item }, clock);
    }
  }
}

/** The index of a state (at start, or after it was read back from a store). */
export function indexState(state: EmulatorState, clock: Clock): StateIndex {
  const index = new StateIndex();
  for (const job of Object.values(state.jobs)) index.jobStarted(job);
  for (const [key, item] of Object.entries(state.items)) index.itemAdded(key, item);
  index.rescheduleInitialSyncs(state, clock);
  return index;
}

/** Item keys under a name, in the order they were added (the state's order, as a scan would meet them). */
class KeysByName {
  private readonly keys = new Map<string, Set<string>>();

  add(name: string, key: string): void {
    const keys = this.keys.get(name) ?? new Set<string>();
    keys.add(key);
    this.keys.set(name, keys);
  }

  /** False when the key was not there. */
  remove(name: string, key: string): boolean {
    const keys = this.keys.get(name);
    if (!keys?.delete(key)) return false;
    if (keys.size === 0) this.keys.delete(name);
    return true;
  }

  first(name: string): string | undefined {
    return this.keys.get(name)?.values().next().value;
  }
}

function a2aGroupKey(item: ProtectedItemState): string | undefined {
  return item.provider === 'A2A' && item.multiVmGroup ? groupKey(item.fabric, item.multiVmGroup.name) : undefined;
}

function groupKey(fabric: string, group: string): string {
  return JSON.stringify([fabric, group]).toLowerCase();
}

function containerKey(fabric: string, container: string): string {
  return JSON.stringify([fabric, container]).toLowerCase();
}

function machineKey(item: ProtectedItemState): string {
  return itemKey(item.fabric, item.container, item.machine);
}

/**
 * The earliest emulator time at which the item's initial sync can be complete: its computed end, a hair early so
 * rounding can never make it late (settle checks the item with progressOf, the authority, and checks it again on
 * the next request if it is not complete yet). Undefined when it cannot complete: not started (it enters
 * InitialReplication again when it starts), or no bandwidth.
 */
export function initialSyncDueAt(item: ProtectedItemState, clock: Clock): number | undefined {
  const { startedAt, completedAt } = item.replication;
  if (completedAt !== undefined) return -Infinity;
  const end = replicationEndsAt(item, clock);
  if (startedAt === undefined || end === undefined) return undefined;
  if (Number.isNaN(end)) return startedAt;
  if (end === Infinity) return undefined;
  return end - (Math.abs(startedAt) + Math.abs(end - startedAt)) * 1e-12;
}
