import { sameName } from '../http/resource-ids';
import { accepted, CONTAINER, ITEM, list, ok, route, type Route } from '../http/route';
import { findItem } from '../model/items';
import { renderProtectedItem } from '../views/protected-item';
import { enableReplication } from './enable-replication';

/** Replication protected items: list, get, and enable replication (PUT). Their actions are in protected-item-actions.ts. */
export const PROTECTED_ITEM_ROUTES: Route[] = [
  route('GET', `${CONTAINER}/replicationProtectedItems`, 'ReplicationProtectedItems_ListByReplicationProtectionContainers', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    const now = ctx.clock.now();
    return list(
      Object.values(ctx.state.items).filter((i) => sameName(i.fabric, fabric.name) && sameName(i.container, container.name)),
      (i) => renderProtectedItem(ctx, i, now),
    );
  }),
  route('GET', ITEM, 'ReplicationProtectedItems_Get', (ctx, req) =>
    ok(renderProtectedItem(ctx, findItem(ctx, req.params.fabric, req.params.container, req.params.item), ctx.clock.now())),
  ),
  route('PUT', ITEM, 'ReplicationProtectedItems_Create', (ctx, req) =>
    accepted(ctx, req, enableReplication(ctx, req.params.fabric, req.params.container, req.params.item, req.body)),
  ),
  route('GET', 'replicationProtectedItems', 'ReplicationProtectedItems_List', (ctx) => {
    const now = ctx.clock.now();
    return list(Object.values(ctx.state.items), (i) => renderProtectedItem(ctx, i, now));
  }),
];
