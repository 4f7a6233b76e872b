import type { EmulatorContext } from '../context';
import { notFound } from '../http/errors';
import { itemKey, type ProtectedItemState } from './state';

/** The protected item a request names, looked up case-insensitively under its fabric and container (404 otherwise). */
export function findItem(ctx: EmulatorContext, fabric: string, container: string, name: string): ProtectedItemState {
  const { fabric: f, container: c } = ctx.topology.container(fabric, container);
  const item = ctx.state.items[itemKey(f.name, c.name, name)];
  if (!item)
    throw notFound(`The replication protected item '${name}' was not found in protection container '${c.name}' of fabric '${f.name}'.`);
  return item;
}

/** Stores a new protected item (and indexes it). */
export function addItem(ctx: EmulatorContext, item: ProtectedItemState): void {
  const key = itemKey(item.fabric, item.container, item.name);
  ctx.state.items[key] = item;
  ctx.index.itemAdded(key, item);
}

export function removeItem(ctx: EmulatorContext, key: string): void {
  const item = ctx.state.items[key];
  if (!item) return;
  delete ctx.state.items[key];
  ctx.index.itemRemoved(key, item);
}

/** The item protecting the machine, if any. */
export function itemProtecting(ctx: EmulatorContext, fabric: string, container: string, machine: string): ProtectedItemState | undefined {
  const key = ctx.index.itemKeyProtecting(fabric, container, machine);
  return key === undefined ? undefined : ctx.state.items[key];
}

/** The first A2A item of the fabric in the multi-VM group, if any. */
export function a2aItemInGroup(ctx: EmulatorContext, fabric: string, group: string): ProtectedItemState | undefined {
  const key = ctx.index.a2aItemKeyInGroup(fabric, group);
  return key === undefined ? undefined : ctx.state.items[key];
}
