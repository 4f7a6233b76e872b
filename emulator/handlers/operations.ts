import type { EmulatorContext } from '../context';
import { ArmError } from '../http/errors';
import { operationHeaders } from '../http/lro';
import { ok, route, type Route, type RouteRequest, type RouteResult } from '../http/route';
import { findJob, operationStatus } from '../model/jobs';
import { renderOperationStatus } from '../views/job';
import { renderProtectedItem } from '../views/protected-item';

/** The long-running operations a 202 points at: their status (Azure-AsyncOperation) and result (Location). */
export const OPERATION_ROUTES: Route[] = [
  route('GET', 'replicationOperationStatus/{job}', 'ReplicationOperationStatus_Get', (ctx, req) => {
    const status = renderOperationStatus(ctx.scope, findJob(ctx, req.params.job), ctx.clock.now());
    const retryAfter =
      status.status === 'InProgress' && ctx.pollRetryAfterSeconds > 0 ? { 'Retry-After': String(ctx.pollRetryAfterSeconds) } : undefined;
    return { status: 200, body: status, headers: retryAfter };
  }),
  route('GET', 'replicationOperationResults/{job}', 'ReplicationOperationResults_Get', (ctx, req) => operationResult(ctx, req)),
];

/** Where the Location header of a 202 points: 202 while the job runs, then the item (200) or nothing (204). */
function operationResult(ctx: EmulatorContext, req: RouteRequest): RouteResult {
  const found = findJob(ctx, req.params.job);
  const status = operationStatus(found, ctx.clock.now());
  if (status === 'InProgress') {
    const headers = operationHeaders(req.baseUrl, ctx.scope, found, req.apiVersion, ctx.pollRetryAfterSeconds);
    return {
      status: 202,
      headers: { Location: headers.Location, ...(headers['Retry-After'] ? { 'Retry-After': headers['Retry-After'] } : {}) },
    };
  }
  if (status === 'Failed') {
    throw new ArmError(400, found.error?.code ?? 'JobFailed', found.error?.message ?? `Job '${found.name}' failed.`);
  }
  const item = ctx.state.items[found.itemKey];
  if (found.removesItem || !item) return { status: 204 };
  return ok(renderProtectedItem(ctx, item, ctx.clock.now()));
}
