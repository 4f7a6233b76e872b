import { notFound } from '../http/errors';
import { sameName } from '../http/resource-ids';
import { CONTAINER, FABRIC, list, ok, route, type Route } from '../http/route';
import { renderContainerMapping } from '../views/container-mapping';
import { renderNetworkMapping } from '../views/network-mapping';

/** Protection container mappings (container -> policy -> target) and network mappings. */
export const MAPPING_ROUTES: Route[] = [
  route(
    'GET',
    `${CONTAINER}/replicationProtectionContainerMappings`,
    'ReplicationProtectionContainerMappings_ListByReplicationProtectionContainers',
    (ctx, req) => {
      const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
      return list(container.mappings.map((m) => renderContainerMapping(ctx.scope, ctx.topology.inventory, fabric, container, m)));
    },
  ),
  route(
    'GET',
    `${CONTAINER}/replicationProtectionContainerMappings/{mapping}`,
    'ReplicationProtectionContainerMappings_Get',
    (ctx, req) => {
      const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
      const mapping = container.mappings.find((m) => sameName(m.name, req.params.mapping));
      if (!mapping)
        throw notFound(
          `The protection container mapping '${req.params.mapping}' was not found for protection container '${container.name}'.`,
        );
      return ok(renderContainerMapping(ctx.scope, ctx.topology.inventory, fabric, container, mapping));
    },
  ),
  route('GET', 'replicationProtectionContainerMappings', 'ReplicationProtectionContainerMappings_List', (ctx) =>
    list(
      ctx.topology.inventory.fabrics.flatMap((f) =>
        f.containers.flatMap((c) => c.mappings.map((m) => renderContainerMapping(ctx.scope, ctx.topology.inventory, f, c, m))),
      ),
    ),
  ),
  route(
    'GET',
    `${FABRIC}/replicationNetworks/{network}/replicationNetworkMappings`,
    'ReplicationNetworkMappings_ListByReplicationNetworks',
    (ctx, req) => {
      const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
      return list(network.mappings.map((m) => renderNetworkMapping(ctx.scope, ctx.topology.inventory, fabric, network, m)));
    },
  ),
  route(
    'GET',
    `${FABRIC}/replicationNetworks/{network}/replicationNetworkMappings/{mapping}`,
    'ReplicationNetworkMappings_Get',
    (ctx, req) => {
      const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
      const mapping = network.mappings.find((m) => sameName(m.name, req.params.mapping));
      if (!mapping)
        throw notFound(
          `The network mapping '${req.params.mapping}' was not found for network '${network.name}' of fabric '${fabric.name}'.`,
        );
      return ok(renderNetworkMapping(ctx.scope, ctx.topology.inventory, fabric, network, mapping));
    },
  ),
  route('GET', 'replicationNetworkMappings', 'ReplicationNetworkMappings_List', (ctx) =>
    list(
      ctx.topology.inventory.fabrics.flatMap((f) =>
        f.networks.flatMap((n) => n.mappings.map((m) => renderNetworkMapping(ctx.scope, ctx.topology.inventory, f, n, m))),
      ),
    ),
  ),
];
