import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { MigrationClient } from '../client';
import type { ApiSettings } from '../config/api';
import type { TokensFile } from './identity/tokens-file';
import { createApiServer } from './server';

/**
 * The API with its settings (body limit), listening on SITESHIFT_API_HOST:SITESHIFT_API_PORT: what `serve` and
 * `npm start` run. Returns its address.
 */
export async function listenApi(
  migrations: MigrationClient,
  settings: ApiSettings,
  options: { identities: TokensFile; logger: FastifyServerOptions['logger']; version: string },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createApiServer({ migrations, bodyLimitBytes: settings.bodyLimitBytes, ...options });
  if (options.identities.size === 0) {
    app.log.warn(
      `No API tokens in ${settings.tokensFile} yet: every /v1 route answers 401. Create one with: siteshift tokens add <name> --role admin`,
    );
  }
  const url = await app.listen({ host: settings.host, port: settings.port });
  return { app, url };
}
