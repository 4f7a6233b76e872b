import type { IncomingMessage, ServerResponse } from 'node:http';
import { SUPPORTED_API_VERSIONS, isSupportedApiVersion } from './api-versions';
import { ArmError } from './resource-ids';
import type { FaultInjector } from '../model/faults';
import type { RequestLog } from './request-log';
import { matchRoute, type RouteContext, type RouteResult } from '../handlers/routes';
import { settle } from '../model/settle';

/** One ARM request through the emulator: authentication, api-version, injected faults, routing, log, persistence. */

const VAULT_PREFIX = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)(\/.*)?$/i;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

export interface ArmHandlerDeps {
  ctx: RouteContext;
  faults: FaultInjector;
  log: RequestLog;
  persist(): void;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export async function handleArmRequest(deps: ArmHandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const apiVersion = url.searchParams.get('api-version') ?? undefined;
  const rawBody = await readBody(req);
  const logged = { method, path, apiVersion, operation: 'Unknown' };
  const reply = (status: number, body?: unknown, headers?: Record<string, string>, extra: { jobName?: string; resourceId?: string; fault?: 'throttled' } = {}) => {
    const errorCode = (body as { error?: { code?: string } } | undefined)?.error?.code;
    deps.log.append({ ...logged, status, errorCode, ...extra });
    send(res, status, body, headers);
  };
  const fail = (error: ArmError, extra?: { resourceId?: string }) => reply(error.status, error.body(), error.headers, extra);

  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return fail(
      new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.", {
        'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
      }),
    );
  }
  if (!apiVersion) {
    return fail(new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'));
  }
  if (!API_VERSION.test(apiVersion)) {
    return fail(new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported format is 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`));
  }
  if (!isSupportedApiVersion(apiVersion)) {
    return fail(
      new ArmError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(',')}'.`,
      ),
    );
  }
  const throttle = deps.faults.throttleFor(method, path);
  if (throttle) {
    logged.operation = 'Emulator_Throttled';
    const error =
      throttle.status === 429
        ? new ArmError(429, 'TooManyRequests', 'The request is being throttled. Retry after the number of seconds in the Retry-After header.')
        : new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry after the number of seconds in the Retry-After header.');
    return reply(error.status, error.body(), { 'Retry-After': String(throttle.retryAfterSeconds) }, { fault: 'throttled' });
  }

  const vaultMatch = VAULT_PREFIX.exec(path);
  if (!vaultMatch) {
    return fail(new ArmError(404, 'InvalidResourceType', `The emulator only serves Microsoft.RecoveryServices vaults; '${path}' is not one of its paths.`));
  }
  const [, subscriptionId, resourceGroup, vault, rest] = vaultMatch;
  const segments = (rest ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const matched = matchRoute(method, segments);
  if (!matched) return fail(new ArmError(404, 'InvalidResourceType', `The resource path '${path}' is not supported by Microsoft.RecoveryServices.`));
  if ('methodNotAllowed' in matched) return fail(new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`));
  logged.operation = matched.route.operation;
  const resourceId = (method === 'POST' ? path.split('/').slice(0, -1).join('/') : path).toLowerCase();

  let body: unknown;
  try {
    body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
  } catch (error) {
    return fail(new ArmError(400, 'InvalidRequestContent', `The request content is not valid JSON: ${(error as Error).message}`), { resourceId });
  }

  let result: RouteResult;
  try {
    deps.ctx.topology.checkVault({ subscriptionId, resourceGroup, vault });
    if (settle(deps.ctx, deps.ctx.clock.now())) deps.persist();
    result = matched.route.handle(deps.ctx, { params: matched.params, query: url.searchParams, body, apiVersion, baseUrl: `https://${req.headers.host ?? 'localhost'}` });
    if (result.pageable) result = page(result, url, `https://${req.headers.host ?? 'localhost'}`, deps.ctx.pageSize);
  } catch (error) {
    if (error instanceof ArmError) return fail(asConfiguredNotFound(error, deps.faults), { resourceId });
    throw error;
  }
  const dropped = result.jobName ? deps.faults.takeDroppedResponse(matched.route.operation, matched.params.item) : undefined;
  if (result.mutated) deps.persist();
  if (dropped) {
    deps.log.append({ ...logged, status: dropped === 'reset' ? 0 : 503, jobName: result.jobName, resourceId, fault: 'responseDropped' });
    if (dropped === 'reset') {
      req.socket.destroy();
      return;
    }
    const lost = new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request.');
    return send(res, 503, lost.body(), { 'Retry-After': '1' });
  }
  reply(result.status, result.body, result.headers, { jobName: result.jobName, resourceId });
}

/** Lists answer pageSize items at a time, each page with the nextLink of the next ($skiptoken = offset). */
function page(result: RouteResult, url: URL, baseUrl: string, pageSize: number): RouteResult {
  const all = (result.body as { value: unknown[] }).value;
  const token = url.searchParams.get('$skiptoken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw new ArmError(400, 'InvalidSkipToken', `The $skiptoken '${token}' is not valid.`);
  const value = all.slice(offset, offset + pageSize);
  if (offset + pageSize >= all.length) return { ...result, body: { value } };
  const query = new URLSearchParams(url.search);
  query.delete('$skiptoken');
  // As ARM writes it: $skiptoken unencoded, after the other parameters.
  const nextLink = `${baseUrl}${url.pathname}?${query.toString()}${query.size > 0 ? '&' : ''}$skiptoken=${offset + pageSize}`;
  return { ...result, body: { value, nextLink } };
}

/**
 * ASR does not always answer a missing resource with 404: a missing fabric has come back as 400 BadRequest whose
 * details carry ASR's own code. The `notFoundAs: "400"` fault answers every missing vault resource that way.
 */
function asConfiguredNotFound(error: ArmError, faults: FaultInjector): ArmError {
  if (error.status !== 404 || error.code !== 'ResourceNotFound' || faults.current.notFoundAs !== '400') return error;
  return new ArmError(400, 'BadRequest', error.message, {}, [{ code: error.asrCode ?? 'ObjectNotFound', message: error.message }]);
}
