import { settle } from '../../model/settle';
import type { Stage } from './exchange';

/** What time has done since the last request is applied before the handler sees the state. */
export const settleTime: Stage = {
  name: 'settle',
  run(ctx) {
    if (settle(ctx, ctx.clock.now())) ctx.persist();
  },
};
