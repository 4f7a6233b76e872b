import { earlier, type Stage } from './exchange';

/**
 * The subscription, resource group and vault of the path must be the emulator's (404 naming the missing one); a
 * Microsoft.Compute path, its subscription.
 */
export const checkVault: Stage = {
  name: 'vault',
  run(ctx, exchange) {
    if (exchange.subscriptionId !== undefined) return ctx.topology.checkSubscription(exchange.subscriptionId);
    ctx.topology.checkVault(earlier(exchange.vault, 'the vault of the path'));
  },
};
