import { earlier, type Stage } from './exchange';

/** The dropped-response fault: a request that started a job is carried out, but its answer may be lost. */
export const dropResponse: Stage = {
  name: 'dropped-response fault',
  run(ctx, exchange) {
    const { jobName } = earlier(exchange.result, 'the result');
    if (!jobName) return;
    exchange.dropped = ctx.faults.takeDroppedResponse(earlier(exchange.route, 'the route').operation, exchange.params?.item);
  },
};
