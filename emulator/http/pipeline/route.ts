import { ROUTES } from '../../handlers';
import { ArmError } from '../errors';
import { matchRoute } from '../router';
import type { Stage } from './exchange';

const VAULT_PREFIX = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)(\/.*)?$/i;

/** Finds the handler of the method and path under a vault; from here on the request log names the operation. */
export const route: Stage = {
  name: 'route',
  run(_ctx, exchange) {
    const { method } = exchange;
    const path = exchange.url.pathname;
    const vaultMatch = VAULT_PREFIX.exec(path);
    if (!vaultMatch) {
      throw new ArmError(
        404,
        'InvalidResourceType',
        `The emulator only serves Microsoft.RecoveryServices vaults; '${path}' is not one of its paths.`,
      );
    }
    const [, subscriptionId, resourceGroup, vault, rest] = vaultMatch;
    const segments = (rest ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const matched = matchRoute(ROUTES, method, segments);
    if (!matched)
      throw new ArmError(404, 'InvalidResourceType', `The resource path '${path}' is not supported by Microsoft.RecoveryServices.`);
    if ('methodNotAllowed' in matched)
      throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
    exchange.route = matched.route;
    exchange.params = matched.params;
    exchange.vault = { subscriptionId, resourceGroup, vault };
    exchange.logged.operation = matched.route.operation;
    exchange.resourceId = (method === 'POST' ? path.split('/').slice(0, -1).join('/') : path).toLowerCase();
  },
};
