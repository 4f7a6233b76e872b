import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { sendProblem } from '../problem';
import { mayActAs, type Role } from './roles';
import type { Identity } from './tokens-file';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, from their bearer token (set on every route that requires a role). */
    identity?: Identity;
  }
}

/** Where bearer tokens are looked up (the tokens file; an OIDC verifier later). */
export interface IdentitySource {
  identityOf(token: string): Identity | undefined;
}

/** RFC 6750's b64token, bounded. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,512}=*) *$/i;

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
    const identity = token === undefined ? undefined : identities.identityOf(token);
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
