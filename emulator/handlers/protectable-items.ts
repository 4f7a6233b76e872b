import { CONTAINER, list, ok, route, type Route } from '../http/route';
import { renderProtectableItem } from '../views/protectable-item';

/** The discovered machines of a container, protected or not. */
export const PROTECTABLE_ITEM_ROUTES: Route[] = [
  route(
    'GET',
    `${CONTAINER}/replicationProtectableItems`,
    'ReplicationProtectableItems_ListByReplicationProtectionContainers',
    (ctx, req) => {
      const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
      return list(container.machines, (m) => renderProtectableItem(ctx, fabric, container, m));
    },
  ),
  route('GET', `${CONTAINER}/replicationProtectableItems/{protectable}`, 'ReplicationProtectableItems_Get', (ctx, req) => {
    const { fabric, container, machine } = ctx.topology.machine(req.params.fabric, req.params.container, req.params.protectable);
    return ok(renderProtectableItem(ctx, fabric, container, machine));
  }),
];
