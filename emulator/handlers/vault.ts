import { ok, route, type Route } from '../http/route';
import { renderVault, renderVaultHealth } from '../views/vault';

/** The vault itself and its health. */
export const VAULT_ROUTES: Route[] = [
  route('GET', '', 'Vaults_Get', (ctx) => ok(renderVault(ctx.scope, ctx.topology.inventory))),
  route('GET', 'replicationVaultHealth', 'ReplicationVaultHealth_Get', (ctx) => ok(renderVaultHealth(ctx.scope))),
];
