import { readFileSync, statSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type Role } from '../../common/roles';
import type { OidcSettings } from '../../config/api';
import { IdentityNameSchema, type Identity } from './tokens-file';

/** A bearer token that is not valid: the reason (never the token) goes into the 401 and the log. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** The provider's keys could not be read (JWKS URL unreachable): not the caller's fault, a 503. */
export class IdentityProviderUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/** Asymmetric algorithms only: a JWKS never verifies an HMAC (or "none") token. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Clock difference tolerated on exp / nbf / iat. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A claim by name, or by dotted path (`realm_access.roles`) when no top-level claim has the whole name. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The siteshift roles a roles claim grants (a list, or space-separated text); values it does not know grant none. */
export function rolesFrom(claim: unknown, roleMap: OidcSettings['roleMap']): Role[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  const roles = values
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => (roleMap ? (roleMap[value] ?? []) : isRole(value) ? [value] : []));
  return [...new Set(roles)];
}

/** The JWKS file, read again when it changes (keys are rotated without a restart). */
function jwksFromFile(file: string): JWTVerifyGetKey {
  let version = '';
  let keys: JWTVerifyGetKey | undefined;
  const load = () => {
    const stat = statSync(file);
    const current = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    if (current !== version || !keys) {
      keys = createLocalJWKSet(JSON.parse(readFileSync(file, 'utf8')));
      version = current;
    }
    return keys;
  };
  load(); // a missing or broken file stops the server at start
  return (header, token) => load()(header, token);
}

/**
 * Verifies JWTs of the configured OIDC provider (signature against its JWKS, issuer, audience, expiry) and maps
 * them to an identity: the name claim, and the roles the roles claim grants.
 */
export class OidcTokens {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: OidcSettings) {
    this.keys = 'url' in settings.jwks ? createRemoteJWKSet(settings.jwks.url) : jwksFromFile(settings.jwks.file);
  }

  /** Whether `token` has a JWT's shape (three base64url parts): tokens of the tokens file never do. */
  static looksLikeJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
  }

  async identityOf(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        throw new IdentityProviderUnavailableError(`the identity provider's keys could not be read: ${(error as Error).message}`);
      }
      throw new InvalidTokenError(error.message);
    }
    const name = IdentityNameSchema.safeParse(claimAt(payload, this.settings.nameClaim));
    if (!name.success) throw new InvalidTokenError(`its "${this.settings.nameClaim}" claim is missing or not a usable name`);
    return { name: name.data, roles: rolesFrom(claimAt(payload, this.settings.rolesClaim), this.settings.roleMap) };
  }
}
