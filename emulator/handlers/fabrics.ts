import { FABRIC, list, ok, route, type Route } from '../http/route';
import { renderFabric } from '../views/fabric';

/** Replication fabrics (sites, VMM servers, appliances, Azure regions) from the inventory. */
export const FABRIC_ROUTES: Route[] = [
  route('GET', 'replicationFabrics', 'ReplicationFabrics_List', (ctx) =>
    list(ctx.topology.inventory.fabrics.map((f) => renderFabric(ctx.scope, f))),
  ),
  route('GET', FABRIC, 'ReplicationFabrics_Get', (ctx, req) => ok(renderFabric(ctx.scope, ctx.topology.fabric(req.params.fabric)))),
];
