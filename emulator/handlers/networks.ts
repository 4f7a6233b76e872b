import { FABRIC, list, ok, route, type Route } from '../http/route';
import { renderNetwork } from '../views/network';

/** The networks of each fabric. */
export const NETWORK_ROUTES: Route[] = [
  route('GET', `${FABRIC}/replicationNetworks`, 'ReplicationNetworks_ListByReplicationFabrics', (ctx, req) => {
    const fabric = ctx.topology.fabric(req.params.fabric);
    return list(fabric.networks.map((n) => renderNetwork(ctx.scope, fabric, n)));
  }),
  route('GET', `${FABRIC}/replicationNetworks/{network}`, 'ReplicationNetworks_Get', (ctx, req) => {
    const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
    return ok(renderNetwork(ctx.scope, fabric, network));
  }),
  route('GET', 'replicationNetworks', 'ReplicationNetworks_List', (ctx) =>
    list(ctx.topology.inventory.fabrics.flatMap((f) => f.networks.map((n) => renderNetwork(ctx.scope, f, n)))),
  ),
];
