import { earlier, type Stage } from './exchange';

/** The subscription, resource group and vault of the path must be the emulator's (404 naming the missing one). */
export const checkVault: Stage = {
  name: 'vault',
  run(ctx, exchange) {
    ctx.topology.checkVault(earlier(exchange.vault, 'the vault of the path'));
  },
};
