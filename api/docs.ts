import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { withoutTokenFields } from './token-fields';

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (the shared ones in common/), at
 * `/openapi.json`; Swagger UI at `/docs`, its assets served from node_modules (no CDN).
 */
export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      // Every route needs a bearer token but /healthz and /readyz.
      security: [{ bearer: [] }],
      info: {
        title: 'siteshift API',
        version,
        description: 'Start, list, follow and decide migrations to Azure (Azure Site Recovery).',
      },
    },
    transform: (route) => {
      const transformed = jsonSchemaTransform(route);
      const schema = transformed.schema as { body?: unknown };
      return schema.body === undefined ? transformed : { ...transformed, schema: { ...schema, body: withoutTokenFields(schema.body) } };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's own policy (its inline parts hashed) instead of the console's; plain HTTP must keep working locally.
    staticCSP: true,
    transformStaticCSP: (policy) => policy.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
