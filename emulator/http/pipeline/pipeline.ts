import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../../context';
import type { RequestLogEntry } from '../request-log';
import { ArmError } from '../errors';
import { send } from '../messages';
import { checkApiVersion } from './api-version';
import { authenticate } from './authenticate';
import { dropResponse } from './dropped-response';
import { earlier, openExchange, type Exchange, type Stage } from './exchange';
import { handle } from './handle';
import { parseBody } from './parse-body';
import { route } from './route';
import { settleTime } from './settle';
import { injectThrottling } from './throttle';
import { checkVault } from './vault';

/**
 * Every ARM request goes through these stages in this order. A stage that throws an ArmError ends the request
 * with that error (logged); after the last one, the state is saved if the request changed it and the answer sent.
 */
export const ARM_PIPELINE: readonly Stage[] = [
  authenticate,
  checkApiVersion,
  injectThrottling,
  route,
  parseBody,
  checkVault,
  settleTime,
  handle,
  dropResponse,
];

export async function handleArmRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const exchange = await openExchange(req, res, url);
  try {
    // One moment per request: the stage that settles time and the handler that answers see the same clock.
    ctx.clock.still(() => {
      for (const stage of ARM_PIPELINE) stage.run(ctx, exchange);
    });
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    return answerError(ctx, exchange, asConfiguredNotFound(error, ctx));
  }
  respond(ctx, exchange);
}

function answer(
  ctx: EmulatorContext,
  exchange: Exchange,
  status: number,
  body: unknown,
  headers: Record<string, string> | undefined,
  extra: Partial<RequestLogEntry>,
): void {
  const errorCode = (body as { error?: { code?: string } } | undefined)?.error?.code;
  ctx.log.append({ ...exchange.logged, status, errorCode, ...extra });
  send(exchange.res, status, body, headers);
}

function answerError(ctx: EmulatorContext, exchange: Exchange, error: ArmError): void {
  const extra = {
    ...(exchange.resourceId === undefined ? {} : { resourceId: exchange.resourceId }),
    ...(exchange.fault ? { fault: exchange.fault } : {}),
  };
  answer(ctx, exchange, error.status, error.body(), error.headers, extra);
}

/** Saves what the request changed, then answers it, or loses the answer (503 or a reset) as the fault asks. */
function respond(ctx: EmulatorContext, exchange: Exchange): void {
  const result = earlier(exchange.result, 'the result');
  const { resourceId } = exchange;
  if (result.mutated) ctx.persist();
  if (exchange.dropped) {
    const status = exchange.dropped === 'reset' ? 0 : 503;
    ctx.log.append({ ...exchange.logged, status, jobName: result.jobName, resourceId, fault: 'responseDropped' });
    if (exchange.dropped === 'reset') {
      exchange.req.socket.destroy();
      return;
    }
    const lost = new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request.');
    return send(exchange.res, 503, lost.body(), { 'Retry-After': '1' });
  }
  answer(ctx, exchange, result.status, result.body, result.headers, { jobName: result.jobName, resourceId });
}

/**
 * ASR does not always answer a missing resource with 404: a missing fabric has come back as 400 BadRequest whose
 * details carry ASR's own code. The `notFoundAs: "400"` fault answers every missing vault resource that way.
 */
function asConfiguredNotFound(error: ArmError, ctx: EmulatorContext): ArmError {
  if (error.status !== 404 || error.code !== 'ResourceNotFound' || ctx.faults.current.notFoundAs !== '400') return error;
  return new ArmError(400, 'BadRequest', error.message, {}, [{ code: error.asrCode ?? 'ObjectNotFound', message: error.message }]);
}
