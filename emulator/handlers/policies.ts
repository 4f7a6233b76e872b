import { list, ok, route, type Route } from '../http/route';
import { renderPolicy } from '../views/policy';

/** Replication policies from the inventory. */
export const POLICY_ROUTES: Route[] = [
  route('GET', 'replicationPolicies', 'ReplicationPolicies_List', (ctx) =>
    list(ctx.topology.inventory.policies.map((p) => renderPolicy(ctx.scope, p))),
  ),
  route('GET', 'replicationPolicies/{policy}', 'ReplicationPolicies_Get', (ctx, req) =>
    ok(renderPolicy(ctx.scope, ctx.topology.policy(req.params.policy))),
  ),
];
