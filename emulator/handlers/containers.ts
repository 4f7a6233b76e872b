import { CONTAINER, FABRIC, list, ok, route, type Route } from '../http/route';
import { renderContainer } from '../views/container';

/** Protection containers (clouds, sites, appliance containers) of each fabric. */
export const CONTAINER_ROUTES: Route[] = [
  route('GET', `${FABRIC}/replicationProtectionContainers`, 'ReplicationProtectionContainers_ListByReplicationFabrics', (ctx, req) => {
    const fabric = ctx.topology.fabric(req.params.fabric);
    return list(fabric.containers.map((c) => renderContainer(ctx, fabric, c)));
  }),
  route('GET', CONTAINER, 'ReplicationProtectionContainers_Get', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    return ok(renderContainer(ctx, fabric, container));
  }),
  route('GET', 'replicationProtectionContainers', 'ReplicationProtectionContainers_List', (ctx) =>
    list(ctx.topology.inventory.fabrics.flatMap((f) => f.containers.map((c) => renderContainer(ctx, f, c)))),
  ),
];
