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
