import type { EmulatorContext } from '../context';
import type { JobState } from '../model/state';
import type { ArmBody } from './arm-body';
import { operationHeaders } from './lro';

/** What a handler is given and answers: the contract between the pipeline and handlers/. */

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: ArmBody;
  apiVersion: string;
  baseUrl: string;
}

export interface RouteResult {
  status: number;
  /** A list ({ value }): the pipeline pages it with nextLink. */
  pageable?: boolean;
  body?: unknown;
  /** How each value of a list renders, applied to the page answered only (a page costs its size, not the list's). */
  renderEach?: (value: unknown) => unknown;
  headers?: Record<string, string>;
  /** The request changed state: persist it. */
  mutated?: boolean;
  jobName?: string;
}

export interface Route {
  method: string;
  /** Path segments under the vault; `{name}` segments become params. */
  pattern: string[];
  /** The swagger operationId, written to the request log. */
  operation: string;
  handle(ctx: EmulatorContext, req: RouteRequest): RouteResult;
}

export const FABRIC = 'replicationFabrics/{fabric}';
export const CONTAINER = `${FABRIC}/replicationProtectionContainers/{container}`;
export const ITEM = `${CONTAINER}/replicationProtectedItems/{item}`;

export function route(method: string, path: string, operation: string, handle: Route['handle']): Route {
  return { method, pattern: path === '' ? [] : path.split('/'), operation, handle };
}

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

export function list<T>(value: T[], renderEach?: (value: T) => unknown): RouteResult {
  return { status: 200, body: { value }, pageable: true, renderEach: renderEach as RouteResult['renderEach'] };
}

/** The 202 of a request that started an ASR job: its long-running operation headers. */
export function accepted(ctx: EmulatorContext, req: RouteRequest, job: JobState): RouteResult {
  return {
    status: 202,
    headers: operationHeaders(req.baseUrl, ctx.scope, job, req.apiVersion, ctx.pollRetryAfterSeconds),
    mutated: true,
    jobName: job.name,
  };
}
