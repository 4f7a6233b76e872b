import { randomUUID } from 'node:crypto';
import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { MigrationClient } from '../client';
import { DEFAULT_API_BODY_LIMIT_BYTES } from '../config/api';
import { defaultConsoleDir, registerConsole, registerSecurityHeaders } from './console-routes';
import { decisionRoutes } from './decision-routes';
import { registerDocs } from './docs';
import { eventRoutes } from './event-routes';
import { healthRoutes } from './health-routes';
import type { KeyObject } from 'node:crypto';
import type { IdentitySource } from './identity/authenticate';
import { meRoutes } from './me-routes';
import { decisionSigner } from './identity/decision-signer';
import { migrationRoutes } from './migration-routes';
import { problemForError, sendProblem } from './problem';
import { waveRoutes } from './wave-routes';
import { protectionRoutes } from './protection-routes';
import { zodValidatorCompiler } from './validation';

export interface ApiServerOptions {
  migrations: MigrationClient;
  /** Where bearer tokens are looked up: every /v1 route needs one. */
  identities: IdentitySource;
  bodyLimitBytes?: number;
  /** fastify's pino logger: true, false, or its options (default: off). */
  logger?: FastifyServerOptions['logger'];
  /** How often an event stream reads its migration's status (default 2 s). */
  eventPollMs?: number;
  /** Shown in the OpenAPI document. */
  version?: string;
  /** The web console's built assets (default: where `npm run build` puts them). */
  consoleDir?: string;
  /** Signs every decision it sends (signed decisions); unset, decisions are sent unsigned. */
  decisionSigningKey?: KeyObject;
}

/** The siteshift HTTP API (not yet listening: call `listen`, or `inject` in tests). */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const app = fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_API_BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler(problemForError);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // First, so that its hooks apply to every route registered after it.
  await registerSecurityHeaders(app);
  await registerDocs(app, options.version ?? '0.0.0');
  const routeOptions = { migrations: options.migrations, identities: options.identities };
  const sign = options.decisionSigningKey && decisionSigner(options.decisionSigningKey);
  await app.register(healthRoutes, routeOptions);
  await app.register(migrationRoutes, routeOptions);
  await app.register(decisionRoutes, { ...routeOptions, sign });
  await app.register(eventRoutes, { ...routeOptions, eventPollMs: options.eventPollMs });
  await app.register(waveRoutes, { ...routeOptions, sign });
  await app.register(meRoutes, routeOptions);
  await app.register(protectionRoutes, { ...routeOptions, sign });
  await registerConsole(app, options.consoleDir ?? defaultConsoleDir());
  return app;
}
