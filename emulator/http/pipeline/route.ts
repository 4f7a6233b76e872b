import { ROUTES } from '../../handlers';
import { COMPUTE_ROUTES } from '../../handlers/compute';
import { ArmError } from '../errors';
import { matchRoute } from '../router';
import type { Route } from '../route';
import type { Exchange, Stage } from './exchange';

/** Microsoft.Compute paths, routed by what follows `/subscriptions/{subscription}/`. */
const COMPUTE_PATH = /^\/subscriptions\/([^/]+)(\/(?:resourceGroups\/[^/]+\/)?providers\/Microsoft\.Compute\/.*)$/i;
const VAULT_PREFIX = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)(\/.*)?$/i;

/** Finds the handler of the method and path: under a vault, or a Microsoft.Compute path of the subscription. */
export const route: Stage = {
  name: 'route',
  run(_ctx, exchange) {
    const path = exchange.url.pathname;
    const vaultMatch = VAULT_PREFIX.exec(path);
    const computeMatch = vaultMatch ? null : COMPUTE_PATH.exec(path);
    if (computeMatch) {
      const [, subscriptionId, rest] = computeMatch;
      routeTo(exchange, COMPUTE_ROUTES, rest, 'Microsoft.Compute');
      exchange.subscriptionId = subscriptionId;
      return;
    }
    if (!vaultMatch) {
      throw new ArmError(
        404,
        'InvalidResourceType',
        `The emulator only serves Microsoft.RecoveryServices vaults and Microsoft.Compute; '${path}' is not one of its paths.`,
      );
    }
    const [, subscriptionId, resourceGroup, vault, rest] = vaultMatch;
    routeTo(exchange, ROUTES, rest, 'Microsoft.RecoveryServices');
    exchange.vault = { subscriptionId, resourceGroup, vault };
  },
};

/** Picks the route of the method and the path segments after the prefix; from here on the request log names the operation. */
function routeTo(exchange: Exchange, routes: readonly Route[], rest: string | undefined, provider: string): void {
  const { method } = exchange;
  const path = exchange.url.pathname;
  const segments = (rest ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const matched = matchRoute(routes, method, segments);
  if (!matched) throw new ArmError(404, 'InvalidResourceType', `The resource path '${path}' is not supported by ${provider}.`);
  if ('methodNotAllowed' in matched)
    throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
  exchange.route = matched.route;
  exchange.params = matched.params;
  exchange.logged.operation = matched.route.operation;
  exchange.resourceId = (method === 'POST' ? path.split('/').slice(0, -1).join('/') : path).toLowerCase();
}
