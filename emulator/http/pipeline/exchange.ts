import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../../context';
import type { ArmBody } from '../arm-body';
import { readBody } from '../messages';
import type { VaultScope } from '../resource-ids';
import type { Route, RouteResult } from '../route';

/** One ARM request on its way through the pipeline: what each stage learnt, for the stages after it. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly baseUrl: string;
  /** Read in full before any stage runs, whatever the answer. */
  readonly rawBody: string;
  /** The request log's view of the request; `operation` is known once routed. */
  readonly logged: { method: string; path: string; apiVersion: string | undefined; operation: string; skipToken?: string };
  /** The ARM id addressed, lower-cased (for a POST action: the protected item); known once routed. */
  resourceId?: string;
  fault?: 'throttled';
  route?: Route;
  params?: Record<string, string>;
  vault?: VaultScope;
  /** A Microsoft.Compute request: its subscription (it has no vault). */
  subscriptionId?: string;
  body?: ArmBody;
  result?: RouteResult;
  dropped?: '503' | 'reset';
}

/** A step of the pipeline. It adds what it learnt to the exchange, or throws an ArmError that becomes the answer. */
export interface Stage {
  name: string;
  run(ctx: EmulatorContext, exchange: Exchange): void;
}

export async function openExchange(req: IncomingMessage, res: ServerResponse, url: URL): Promise<Exchange> {
  const method = (req.method ?? 'GET').toUpperCase();
  const apiVersion = url.searchParams.get('api-version') ?? undefined;
  const skipToken = url.searchParams.get('$skiptoken') ?? undefined;
  return {
    req,
    res,
    url,
    method,
    baseUrl: `https://${req.headers.host ?? 'localhost'}`,
    rawBody: await readBody(req),
    logged: { method, path: url.pathname, apiVersion, operation: 'Unknown', ...(skipToken === undefined ? {} : { skipToken }) },
  };
}

/** What an earlier stage must have set; missing means the pipeline order is broken (an emulator bug). */
export function earlier<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline order: ${what} is not known yet`);
  return value;
}
