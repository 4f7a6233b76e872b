import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem';

/**
 * The Content-Security-Policy of every response but the API docs' (Swagger UI sets its own, hashed): scripts,
 * styles, images and requests from this server only, no inline script or style, no plugin, no framing.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Security headers (helmet: CSP, nosniff, no referrer, no framing, same-origin isolation) on every response. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // Helmet's defaults would add upgrade-insecure-requests, which breaks the console on a plain-HTTP address.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: 'deny' },
  });
}

/** Where `npm run build` puts the console (bin/build-console.ts): dist/console, from source or from dist/. */
export function defaultConsoleDir(): string {
  const candidates = [join(__dirname, '..', 'console'), join(__dirname, '..', 'dist', 'console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'app.js'))) ?? candidates[1];
}

/** The web console: its page at `/`, its bundle under `/console/`, from `dir` (built by `npm run build`). */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'app.js'))) {
    app.get('/', { schema: { hide: true } }, (request, reply) =>
      sendProblem(request, reply, {
        status: 503,
        title: 'Web console not built',
        detail: `No console bundle in ${dir}: run npm run build`,
      }),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dir, prefix: '/console/', index: false });
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}
