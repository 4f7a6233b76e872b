import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { MigrationClient } from '../client';
import type { ApiSettings } from '../config/api';
import { identitySources } from './identity/identity-sources';
import { OidcTokens } from './identity/oidc-tokens';
import type { TokensFile } from './identity/tokens-file';
import { createApiServer } from './server';

/**
 * The API with its settings (body limit, token sources), listening on SITESHIFT_API_HOST:SITESHIFT_API_PORT:
 * what `serve` and `npm start` run. Returns its address.
 */
export async function listenApi(
  migrations: MigrationClient,
  settings: ApiSettings,
  options: { identities: TokensFile; logger: FastifyServerOptions['logger']; version: string },
): Promise<{ app: FastifyInstance; url: string }> {
  const oidc = settings.oidc && new OidcTokens(settings.oidc);
  const identities = identitySources(options.identities, oidc);
  const app = await createApiServer({
    migrations,
    bodyLimitBytes: settings.bodyLimitBytes,
    decisionSigningKey: settings.decisionSigningKey,
    ...options,
    identities,
  });
  if (options.identities.size === 0 && !oidc) {
    app.log.warn(
      `No API tokens in ${settings.tokensFile} yet: every /v1 route answers 401. Create one with: siteshift tokens add <name> --role admin`,
    );
  }
  const url = await app.listen({ host: settings.host, port: settings.port });
  return { app, url };
}
