import { page } from '../paging';
import { earlier, type Stage } from './exchange';

/** The route's handler; a list it answers is cut into pages with nextLink. */
export const handle: Stage = {
  name: 'handler',
  run(ctx, exchange) {
    const { url, baseUrl } = exchange;
    const result = earlier(exchange.route, 'the route').handle(ctx, {
      params: earlier(exchange.params, 'the route parameters'),
      query: url.searchParams,
      body: earlier(exchange.body, 'the body'),
      apiVersion: earlier(exchange.logged.apiVersion, 'the api-version'),
      baseUrl,
    });
    exchange.result = result.pageable ? page(result, url, baseUrl, ctx.pageSize) : result;
  },
};
