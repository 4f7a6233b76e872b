import { ArmError } from '../errors';
import type { Stage } from './exchange';

/** The throttling fault: answered 429 or 503 with Retry-After before anything happens (no side effect). */
export const injectThrottling: Stage = {
  name: 'fault injection',
  run(ctx, exchange) {
    const throttle = ctx.faults.throttleFor(exchange.method, exchange.url.pathname);
    if (!throttle) return;
    exchange.logged.operation = 'Emulator_Throttled';
    exchange.fault = 'throttled';
    const retryAfter = { 'Retry-After': String(throttle.retryAfterSeconds) };
    throw throttle.status === 429
      ? new ArmError(
          429,
          'TooManyRequests',
          'The request is being throttled. Retry after the number of seconds in the Retry-After header.',
          retryAfter,
        )
      : new ArmError(
          503,
          'ServiceUnavailable',
          'The service is temporarily unavailable. Retry after the number of seconds in the Retry-After header.',
          retryAfter,
        );
  },
};
