import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { identitySources } from '../../api/identity/identity-sources';
import { OidcTokens } from '../../api/identity/oidc-tokens';
import { addToken, TokensFile } from '../../api/identity/tokens-file';
import type { OidcSettings } from '../../config/api';
import { apiFor } from '../support/api';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';

const ISSUER = 'https://login.example.test/realms/migrations';
const AUDIENCE = 'siteshift-api';
const KID = 'key-1';

describe('HTTP API: JWTs of an OIDC identity provider beside the tokens file, against the shared dev server', () => {
  let test: TestConnection;
  let dir: string;
  let signingKey: KeyLike;
  let otherKey: KeyLike;
  let jwks: { keys: JWK[] };
  let jwksServer: Server;
  let jwksUrl: URL;
  let jwksRequests = 0;

  beforeAll(async () => {
    test = await testConnection();
    dir = mkdtempSync(join(tmpdir(), 'siteshift-oidc-'));
    ({ privateKey: signingKey } = await generateKeyPair('RS256').then(async (pair) => {
      jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
      return pair;
    }));
    ({ privateKey: otherKey } = await generateKeyPair('RS256'));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    jwksServer = createServer((_request, response) => {
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/realms/migrations/certs`);
  });
  afterAll(async () => {
    await new Promise((resolve) => jwksServer.close(resolve));
    rmSync(dir, { recursive: true, force: true });
    await test.close();
  });

  function settings(overrides: Partial<OidcSettings> = {}): OidcSettings {
    return {
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { file: join(dir, 'jwks.json') },
      nameClaim: 'preferred_username',
      rolesClaim: 'roles',
      roleMap: undefined,
      ...overrides,
    };
  }

  function jwt(
    claims: Record<string, unknown>,
    options: { key?: KeyLike; issuer?: string; audience?: string; expires?: string | number } = {},
  ) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.key ?? signingKey);
  }

  async function apiWith(oidc: OidcSettings, logged?: { text: string }): Promise<{ app: FastifyInstance; fileToken: string }> {
    const file = join(dir, `tokens-${Math.random().toString(36).slice(2)}.json`);
    const fileToken = addToken(file, 'deploy-bot', ['operator']);
    const stream = new Writable({
      write(chunk, _encoding, done) {
        if (logged) logged.text += String(chunk);
        done();
      },
    });
    const app = await apiFor(test, uniqueTaskQueue(), {
      identities: identitySources(new TokensFile(file), new OidcTokens(oidc)),
      logger: logged ? { level: 'info', stream } : false,
    });
    return { app, fileToken };
  }

  const list = (app: FastifyInstance, token: string) =>
    app.inject({ url: '/v1/migrations?pageSize=1', headers: { authorization: `Bearer ${token}` } });
  const start = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'POST', url: '/v1/migrations', headers: { authorization: `Bearer ${token}` }, payload: {} });

  it('accepts a valid JWT (JWKS file) with the roles of its roles claim, and a tokens-file token on the same server', async () => {
    const { app, fileToken } = await apiWith(settings());
    try {
      const viewer = await jwt({ preferred_username: 'vera@example.com', roles: ['viewer', 'not-a-siteshift-role'] });
      expect((await list(app, viewer)).statusCode).toBe(200);
      const refused = await start(app, viewer);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ neededRole: 'operator', detail: expect.stringContaining('vera@example.com has: viewer') });

      const operator = await jwt({ preferred_username: 'olga@example.com', roles: 'operator' });
      const invalidStart = await start(app, operator);
      expect(invalidStart.statusCode).toBe(400); // past the role gate: the empty request is invalid

      const noRoles = await jwt({ preferred_username: 'nobody@example.com' });
      expect((await list(app, noRoles)).statusCode).toBe(403);

      expect((await list(app, fileToken)).statusCode).toBe(200);
      expect((await start(app, fileToken)).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('maps provider roles from a dotted claim path through the role map; unmapped values grant nothing (403)', async () => {
    const { app } = await apiWith(
      settings({ rolesClaim: 'realm_access.roles', roleMap: { 'siteshift-ops': ['operator'], 'siteshift-readers': ['viewer'] } }),
    );
    try {
      const ops = await jwt({ preferred_username: 'olga', realm_access: { roles: ['siteshift-ops'] } });
      expect((await start(app, ops)).statusCode).toBe(400);
      const reader = await jwt({ preferred_username: 'vera', realm_access: { roles: ['siteshift-readers', 'operator'] } });
      expect((await list(app, reader)).statusCode).toBe(200);
      expect((await start(app, reader)).json()).toMatchObject({ status: 403, neededRole: 'operator' });
      const topLevel = await jwt({ preferred_username: 'vera', roles: ['siteshift-ops'] });
      expect((await list(app, topLevel)).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('answers 401 (problem+json, invalid_token, the reason) to a wrong issuer, audience, expiry, signature or name, logging no token', async () => {
    const logged = { text: '' };
    const { app } = await apiWith(settings(), logged);
    try {
      const claims = { preferred_username: 'ana', roles: ['admin'] };
      const refused: Record<string, string> = {
        issuer: await jwt(claims, { issuer: 'https://evil.example.test/' }),
        audience: await jwt(claims, { audience: 'another-api' }),
        expired: await jwt(claims, { expires: Math.floor(Date.now() / 1000) - 600 }),
        signature: await jwt(claims, { key: otherKey }),
        name: await jwt({ roles: ['admin'], preferred_username: 'has spaces' }),
      };
      const reasons: Record<string, string> = {};
      for (const [what, token] of Object.entries(refused)) {
        const response = await list(app, token);
        expect({ what, status: response.statusCode }).toEqual({ what, status: 401 });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="siteshift", error="invalid_token"');
        reasons[what] = response.json().detail;
      }
      expect(reasons).toEqual({
        issuer: expect.stringContaining('unexpected "iss" claim value'),
        audience: expect.stringContaining('unexpected "aud" claim value'),
        expired: expect.stringContaining('"exp" claim timestamp check failed'),
        signature: expect.stringContaining('signature verification failed'),
        name: expect.stringContaining('"preferred_username" claim is missing or not a usable name'),
      });
      expect(logged.text).toContain('refused: invalid token');
      for (const token of Object.values(refused)) {
        expect(logged.text).not.toContain(token);
        expect(logged.text).not.toContain(token.split('.')[2]);
      }
    } finally {
      await app.close();
    }
  });

  it('reads the JWKS from a URL (here a local HTTP server) and caches it', async () => {
    const { app } = await apiWith(settings({ jwks: { url: jwksUrl } }));
    try {
      const before = jwksRequests;
      const approver = await jwt({ preferred_username: 'ana', roles: ['approver'] });
      expect((await list(app, approver)).statusCode).toBe(200);
      expect((await list(app, approver)).statusCode).toBe(200);
      expect(jwksRequests - before).toBe(1);
      expect((await list(app, await jwt({ preferred_username: 'ana', roles: ['approver'] }, { key: otherKey }))).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the JWKS URL cannot be reached (the provider, not the caller, is at fault)', async () => {
    const { app } = await apiWith(settings({ jwks: { url: new URL('http://127.0.0.1:9/certs') } }));
    try {
      const response = await list(app, await jwt({ preferred_username: 'ana', roles: ['viewer'] }));
      expect(response.statusCode).toBe(503);
      expect(response.json().detail).toMatch(/identity provider's keys could not be read/);
    } finally {
      await app.close();
    }
  });
});
