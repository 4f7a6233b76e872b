import { ArmError, notFound, sameName } from '../http/resource-ids';
import { enableReplication } from './enable-replication';
import { operationHeaders, operationStatus, renderJob, renderOperationStatus } from '../model/jobs';
import {
  disableProtection,
  failoverCancel,
  failoverCommit,
  findItem,
  plannedFailover,
  reprotect,
  testFailover,
  testFailoverCleanup,
  unplannedFailover,
  type ActionContext,
} from './protected-item-actions';
import { renderProtectedItem } from '../views/protected-item';
import {
  renderContainer,
  renderContainerMapping,
  renderFabric,
  renderNetwork,
  renderNetworkMapping,
  renderPolicy,
  renderProtectableItem,
  renderVault,
  renderVaultHealth,
} from '../views/resources';
import type { JobState } from '../model/state';
import { jobFilter } from './job-filter';
import { recoveryPointsOf, renderRecoveryPoint } from '../model/recovery-points';

/** The ARM routes under a vault, with the swagger operationId of each. */

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  apiVersion: string;
  baseUrl: string;
}

export interface RouteResult {
  status: number;
  /** A list ({ value }): the server pages it with nextLink. */
  pageable?: boolean;
  body?: unknown;
  headers?: Record<string, string>;
  /** The request changed state: persist it. */
  mutated?: boolean;
  jobName?: string;
}

export interface RouteContext extends ActionContext {
  pollRetryAfterSeconds: number;
  /** Items per page of a list; more are reached through nextLink. */
  pageSize: number;
}

interface Route {
  method: string;
  pattern: string[];
  operation: string;
  handle(ctx: RouteContext, req: RouteRequest): RouteResult;
}

const FABRIC = 'replicationFabrics/{fabric}';
const CONTAINER = `${FABRIC}/replicationProtectionContainers/{container}`;
const ITEM = `${CONTAINER}/replicationProtectedItems/{item}`;

function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

function list(value: unknown[]): RouteResult {
  return { status: 200, body: { value }, pageable: true };
}

function accepted(ctx: RouteContext, req: RouteRequest, job: JobState): RouteResult {
  return {
    status: 202,
    headers: operationHeaders(req.baseUrl, ctx.scope, job, req.apiVersion, ctx.pollRetryAfterSeconds),
    mutated: true,
    jobName: job.name,
  };
}

function itemAction(operation: string, action: string, run: (ctx: RouteContext, req: RouteRequest) => JobState): Route {
  return {
    method: 'POST',
    pattern: `${ITEM}/${action}`.split('/'),
    operation,
    handle: (ctx, req) => accepted(ctx, req, run(ctx, req)),
  };
}

function item(ctx: RouteContext, req: RouteRequest) {
  return findItem(ctx, req.params.fabric, req.params.container, req.params.item);
}

function allItems(ctx: RouteContext) {
  return Object.values(ctx.state.items);
}

function route(method: string, path: string, operation: string, handle: Route['handle']): Route {
  return { method, pattern: path === '' ? [] : path.split('/'), operation, handle };
}

export const ROUTES: Route[] = [
  route('GET', '', 'Vaults_Get', (ctx) => ok(renderVault(ctx.scope, ctx.topology.inventory))),
  route('GET', 'replicationVaultHealth', 'ReplicationVaultHealth_Get', (ctx) => ok(renderVaultHealth(ctx.scope))),
  route('GET', 'replicationFabrics', 'ReplicationFabrics_List', (ctx) => list(ctx.topology.inventory.fabrics.map((f) => renderFabric(ctx.scope, f)))),
  route('GET', FABRIC, 'ReplicationFabrics_Get', (ctx, req) => ok(renderFabric(ctx.scope, ctx.topology.fabric(req.params.fabric)))),
  route('GET', `${FABRIC}/replicationNetworks`, 'ReplicationNetworks_ListByReplicationFabrics', (ctx, req) => {
    const fabric = ctx.topology.fabric(req.params.fabric);
    return list(fabric.networks.map((n) => renderNetwork(ctx.scope, fabric, n)));
  }),
  route('GET', `${FABRIC}/replicationNetworks/{network}`, 'ReplicationNetworks_Get', (ctx, req) => {
    const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
    return ok(renderNetwork(ctx.scope, fabric, network));
  }),
  route('GET', `${FABRIC}/replicationNetworks/{network}/replicationNetworkMappings`, 'ReplicationNetworkMappings_ListByReplicationNetworks', (ctx, req) => {
    const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
    return list(network.mappings.map((m) => renderNetworkMapping(ctx.scope, ctx.topology.inventory, fabric, network, m)));
  }),
  route('GET', `${FABRIC}/replicationNetworks/{network}/replicationNetworkMappings/{mapping}`, 'ReplicationNetworkMappings_Get', (ctx, req) => {
    const { fabric, network } = ctx.topology.network(req.params.fabric, req.params.network);
    const mapping = network.mappings.find((m) => sameName(m.name, req.params.mapping));
    if (!mapping) throw notFound(`The network mapping '${req.params.mapping}' was not found for network '${network.name}' of fabric '${fabric.name}'.`);
    return ok(renderNetworkMapping(ctx.scope, ctx.topology.inventory, fabric, network, mapping));
  }),
  route('GET', `${FABRIC}/replicationProtectionContainers`, 'ReplicationProtectionContainers_ListByReplicationFabrics', (ctx, req) => {
    const fabric = ctx.topology.fabric(req.params.fabric);
    return list(fabric.containers.map((c) => renderContainer(ctx.scope, ctx.state, fabric, c)));
  }),
  route('GET', CONTAINER, 'ReplicationProtectionContainers_Get', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    return ok(renderContainer(ctx.scope, ctx.state, fabric, container));
  }),
  route('GET', `${CONTAINER}/replicationProtectionContainerMappings`, 'ReplicationProtectionContainerMappings_ListByReplicationProtectionContainers', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    return list(container.mappings.map((m) => renderContainerMapping(ctx.scope, ctx.topology.inventory, fabric, container, m)));
  }),
  route('GET', `${CONTAINER}/replicationProtectionContainerMappings/{mapping}`, 'ReplicationProtectionContainerMappings_Get', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    const mapping = container.mappings.find((m) => sameName(m.name, req.params.mapping));
    if (!mapping) throw notFound(`The protection container mapping '${req.params.mapping}' was not found for protection container '${container.name}'.`);
    return ok(renderContainerMapping(ctx.scope, ctx.topology.inventory, fabric, container, mapping));
  }),
  route('GET', `${CONTAINER}/replicationProtectableItems`, 'ReplicationProtectableItems_ListByReplicationProtectionContainers', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    return list(container.machines.map((m) => renderProtectableItem(ctx.scope, ctx.state, fabric, container, m)));
  }),
  route('GET', `${CONTAINER}/replicationProtectableItems/{protectable}`, 'ReplicationProtectableItems_Get', (ctx, req) => {
    const { fabric, container, machine } = ctx.topology.machine(req.params.fabric, req.params.container, req.params.protectable);
    return ok(renderProtectableItem(ctx.scope, ctx.state, fabric, container, machine));
  }),
  route('GET', `${CONTAINER}/replicationProtectedItems`, 'ReplicationProtectedItems_ListByReplicationProtectionContainers', (ctx, req) => {
    const { fabric, container } = ctx.topology.container(req.params.fabric, req.params.container);
    const now = ctx.clock.now();
    return list(
      allItems(ctx)
        .filter((i) => sameName(i.fabric, fabric.name) && sameName(i.container, container.name))
        .map((i) => renderProtectedItem(ctx, i, now)),
    );
  }),
  route('GET', `${ITEM}/recoveryPoints`, 'RecoveryPoints_ListByReplicationProtectedItems', (ctx, req) => {
    const found = item(ctx, req);
    return list(recoveryPointsOf(ctx, found, ctx.clock.now()).map((p) => renderRecoveryPoint(ctx, found, p)));
  }),
  route('GET', `${ITEM}/recoveryPoints/{point}`, 'RecoveryPoints_Get', (ctx, req) => {
    const found = item(ctx, req);
    const point = recoveryPointsOf(ctx, found, ctx.clock.now()).find((p) => sameName(p.name, req.params.point));
    if (!point) throw notFound(`The recovery point '${req.params.point}' was not found for replication protected item '${found.name}'.`);
    return ok(renderRecoveryPoint(ctx, found, point));
  }),
  route('GET', ITEM, 'ReplicationProtectedItems_Get', (ctx, req) => ok(renderProtectedItem(ctx, item(ctx, req), ctx.clock.now()))),
  route('PUT', ITEM, 'ReplicationProtectedItems_Create', (ctx, req) =>
    accepted(ctx, req, enableReplication(ctx, req.params.fabric, req.params.container, req.params.item, req.body as never)),
  ),
  itemAction('ReplicationProtectedItems_TestFailover', 'testFailover', (ctx, req) => testFailover(ctx, item(ctx, req), req.body as never)),
  itemAction('ReplicationProtectedItems_TestFailoverCleanup', 'testFailoverCleanup', (ctx, req) => testFailoverCleanup(ctx, item(ctx, req), req.body as never)),
  itemAction('ReplicationProtectedItems_PlannedFailover', 'plannedFailover', (ctx, req) => plannedFailover(ctx, item(ctx, req), req.body as never)),
  itemAction('ReplicationProtectedItems_UnplannedFailover', 'unplannedFailover', (ctx, req) => unplannedFailover(ctx, item(ctx, req), req.body as never)),
  itemAction('ReplicationProtectedItems_FailoverCommit', 'failoverCommit', (ctx, req) => failoverCommit(ctx, item(ctx, req))),
  itemAction('ReplicationProtectedItems_FailoverCancel', 'failoverCancel', (ctx, req) => failoverCancel(ctx, item(ctx, req))),
  itemAction('ReplicationProtectedItems_Reprotect', 'reProtect', (ctx, req) => reprotect(ctx, item(ctx, req), req.body as never)),
  itemAction('ReplicationProtectedItems_Delete', 'remove', (ctx, req) => disableProtection(ctx, item(ctx, req), req.body as never)),
  route('GET', 'replicationProtectedItems', 'ReplicationProtectedItems_List', (ctx) => {
    const now = ctx.clock.now();
    return list(allItems(ctx).map((i) => renderProtectedItem(ctx, i, now)));
  }),
  route('GET', 'replicationProtectionContainers', 'ReplicationProtectionContainers_List', (ctx) =>
    list(ctx.topology.inventory.fabrics.flatMap((f) => f.containers.map((c) => renderContainer(ctx.scope, ctx.state, f, c)))),
  ),
  route('GET', 'replicationProtectionContainerMappings', 'ReplicationProtectionContainerMappings_List', (ctx) =>
    list(
      ctx.topology.inventory.fabrics.flatMap((f) =>
        f.containers.flatMap((c) => c.mappings.map((m) => renderContainerMapping(ctx.scope, ctx.topology.inventory, f, c, m))),
      ),
    ),
  ),
  route('GET', 'replicationNetworks', 'ReplicationNetworks_List', (ctx) =>
    list(ctx.topology.inventory.fabrics.flatMap((f) => f.networks.map((n) => renderNetwork(ctx.scope, f, n)))),
  ),
  route('GET', 'replicationNetworkMappings', 'ReplicationNetworkMappings_List', (ctx) =>
    list(
      ctx.topology.inventory.fabrics.flatMap((f) =>
        f.networks.flatMap((n) => n.mappings.map((m) => renderNetworkMapping(ctx.scope, ctx.topology.inventory, f, n, m))),
      ),
    ),
  ),
  route('GET', 'replicationPolicies', 'ReplicationPolicies_List', (ctx) => list(ctx.topology.inventory.policies.map((p) => renderPolicy(ctx.scope, p)))),
  route('GET', 'replicationPolicies/{policy}', 'ReplicationPolicies_Get', (ctx, req) => ok(renderPolicy(ctx.scope, ctx.topology.policy(req.params.policy)))),
  route('GET', 'replicationJobs', 'ReplicationJobs_List', (ctx, req) => {
    const now = ctx.clock.now();
    const matches = jobFilter(req.query.get('$filter') ?? undefined);
    const jobs = Object.values(ctx.state.jobs)
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((j) => renderJob(ctx.scope, j, now))
      .filter(matches);
    return list(jobs);
  }),
  route('GET', 'replicationJobs/{job}', 'ReplicationJobs_Get', (ctx, req) => ok(renderJob(ctx.scope, job(ctx, req.params.job), ctx.clock.now()))),
  route('GET', 'replicationOperationStatus/{job}', 'ReplicationOperationStatus_Get', (ctx, req) => {
    const status = renderOperationStatus(ctx.scope, job(ctx, req.params.job), ctx.clock.now());
    const retryAfter = status.status === 'InProgress' && ctx.pollRetryAfterSeconds > 0 ? { 'Retry-After': String(ctx.pollRetryAfterSeconds) } : undefined;
    return { status: 200, body: status, headers: retryAfter };
  }),
  route('GET', 'replicationOperationResults/{job}', 'ReplicationOperationResults_Get', (ctx, req) => operationResult(ctx, req)),
];

function job(ctx: RouteContext, name: string): JobState {
  const found = Object.values(ctx.state.jobs).find((j) => sameName(j.name, name));
  if (!found) throw notFound(`The replication job '${name}' was not found in vault '${ctx.scope.vault}'.`);
  return found;
}

/** Where the Location header of a 202 points: 202 while the job runs, then the item (200) or nothing (204). */
function operationResult(ctx: RouteContext, req: RouteRequest): RouteResult {
  const found = job(ctx, req.params.job);
  const status = operationStatus(found, ctx.clock.now());
  if (status === 'InProgress') {
    const headers = operationHeaders(req.baseUrl, ctx.scope, found, req.apiVersion, ctx.pollRetryAfterSeconds);
    return { status: 202, headers: { Location: headers.Location, ...(headers['Retry-After'] ? { 'Retry-After': headers['Retry-After'] } : {}) } };
  }
  if (status === 'Failed') {
    throw new ArmError(400, found.error?.code ?? 'JobFailed', found.error?.message ?? `Job '${found.name}' failed.`);
  }
  const item = ctx.state.items[found.itemKey];
  if (found.removesItem || !item) return { status: 204 };
  return ok(renderProtectedItem(ctx, item, ctx.clock.now()));
}

export function matchRoute(method: string, segments: string[]): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const candidate of ROUTES) {
    const params = matchPattern(candidate.pattern, segments);
    if (!params) continue;
    pathMatched = true;
    if (candidate.method === method) return { route: candidate, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{')) params[p.slice(1, -1)] = segments[i];
    else if (p.toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}
