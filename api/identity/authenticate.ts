import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { sendProblem } from '../problem';
import { IdentityProviderUnavailableError, InvalidTokenError } from './oidc-tokens';
import { mayActAs, type Role } from './roles';
import type { Identity } from './tokens-file';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, from their bearer token (set on every route that requires a role). */
    identity?: Identity;
  }
}

/**
 * Where bearer tokens are looked up (identity-sources.ts: the tokens file, and JWTs of an OIDC provider).
 * Undefined for an unknown token; InvalidTokenError says why a token was refused.
 */
export interface IdentitySource {
  identityOf(token: string): Identity | undefined | Promise<Identity | undefined>;
}

/** RFC 6750's b64token, bounded (a provider's JWT may take a few kilobytes). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,8192}=*) *$/i;

function unauthorized(request: FastifyRequest, reply: FastifyReply, detail: string, error?: 'invalid_token'): FastifyReply {
  reply.header('www-authenticate', error ? `Bearer realm="siteshift", error="${error}"` : 'Bearer realm="siteshift"');
  return sendProblem(request, reply, { status: 401, title: 'Unauthorized', detail });
}

/**
 * A route's gate, run before its body is read: 401 without a known bearer token, 403 naming the role it needs
 * when the token's identity lacks it. The identity is then on `request.identity` and in every log line.
 */
export function requireRole(identities: IdentitySource, role: Role): onRequestHookHandler {
  return async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined) return unauthorized(request, reply, 'This route needs a bearer token: Authorization: Bearer <token>');
    const token = BEARER.exec(header)?.[1];
    let identity: Identity | undefined;
    try {
      identity = token === undefined ? undefined : await identities.identityOf(token);
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) {
        request.log.warn({ reason: error.message }, 'identity provider unavailable');
        return sendProblem(request, reply, { status: 503, title: 'Service unavailable', detail: error.message });
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      request.log.info({ reason: error.message }, 'refused: invalid token');
      return unauthorized(request, reply, `The bearer token is not valid: ${error.message}`, 'invalid_token');
    }
    if (identity === undefined) return unauthorized(request, reply, 'The bearer token is not valid', 'invalid_token');
    request.identity = identity;
    // fastify's own 'request completed' line is written with reply.log.
    request.log = reply.log = request.log.child({ identity: identity.name });
    if (!mayActAs(identity.roles, role)) {
      request.log.info({ needed: role }, 'refused: missing role');
      return sendProblem(request, reply, {
        status: 403,
        title: 'Forbidden',
        detail: `This needs the role "${role}" (or "admin"); ${identity.name} has: ${identity.roles.join(', ')}`,
        neededRole: role,
      });
    }
  };
}
