import { notFound } from '../http/errors';
import { sameName } from '../http/resource-ids';
import { ITEM, list, ok, route, type Route } from '../http/route';
import { findItem } from '../model/items';
import { recoveryPointsOf } from '../model/recovery-points';
import { renderRecoveryPoint } from '../views/recovery-point';

/** The recovery points of a protected item. */
export const RECOVERY_POINT_ROUTES: Route[] = [
  route('GET', `${ITEM}/recoveryPoints`, 'RecoveryPoints_ListByReplicationProtectedItems', (ctx, req) => {
    const found = findItem(ctx, req.params.fabric, req.params.container, req.params.item);
    return list(recoveryPointsOf(ctx, found, ctx.clock.now()).map((p) => renderRecoveryPoint(ctx, found, p)));
  }),
  route('GET', `${ITEM}/recoveryPoints/{point}`, 'RecoveryPoints_Get', (ctx, req) => {
    const found = findItem(ctx, req.params.fabric, req.params.container, req.params.item);
    const point = recoveryPointsOf(ctx, found, ctx.clock.now()).find((p) => sameName(p.name, req.params.point));
    if (!point) throw notFound(`The recovery point '${req.params.point}' was not found for replication protected item '${found.name}'.`);
    return ok(renderRecoveryPoint(ctx, found, point));
  }),
];
