import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DECISION_ROLES, ROLES } from '../../api/identity/roles';
import { DECISION_NAMES, DECISIONS } from '../../common/decisions';
import type { Me } from '../../common/me';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';

describe('HTTP API: GET /v1/me, the console assets and security headers, against the shared dev server', () => {
  let test: TestConnection;
  let dir: string;
  beforeAll(async () => {
    test = await testConnection();
    dir = mkdtempSync(join(tmpdir(), 'siteshift-console-assets-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test.close();
  });

  it('GET /v1/me: 401 without a valid token; each identity, its roles and the decisions it may take, where', async () => {
    const app = await apiFor(test, uniqueTaskQueue());
    try {
      expect((await app.inject({ url: '/v1/me' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/v1/me', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
      for (const role of ROLES) {
        const answer = await callerAs(app, role).inject({ url: '/v1/me' });
        expect(answer.statusCode).toBe(200);
        const me: Me = answer.json();
        expect({ name: me.name, roles: me.roles }).toEqual({ name: TEST_IDENTITIES[role].name, roles: [role] });
        expect(me.decisions.map((decision) => decision.name)).toEqual(DECISION_NAMES);
        for (const decision of me.decisions) {
          expect(decision).toMatchObject({
            neededRole: DECISION_ROLES[decision.name],
            allowedStages: [...DECISIONS[decision.name].allowedStages],
            allowed: role === 'admin' || role === DECISION_ROLES[decision.name],
          });
          // The identity on a decision comes from the token: `by` is never something to send.
          expect(decision.fields.map((field) => field.name)).not.toContain('by');
        }
      }
      const fields = (me: Me, name: string) => me.decisions.find((decision) => decision.name === name)!.fields;
      const me: Me = (await callerAs(app, 'viewer').inject({ url: '/v1/me' })).json();
      expect(fields(me, 'approveFailover').map(({ name, required }) => ({ name, required }))).toEqual([
        { name: 'comment', required: false },
        { name: 'notBefore', required: false },
      ]);
      expect(fields(me, 'abortMigration')).toEqual([
        { name: 'comment', required: false, help: expect.any(String) },
        { name: 'reason', required: true, help: 'why the migration is aborted' },
      ]);
      expect(fields(me, 'rescheduleFailover').find((field) => field.name === 'notBefore')?.required).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('serves the console page and its bundle with a strict policy; the API docs keep the policy of Swagger UI', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'app.js'), 'export {};');
    const app = await apiFor(test, uniqueTaskQueue(), { consoleDir: dir });
    try {
      const page = await app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toMatch(/^default-src 'self';script-src 'self';style-src 'self';/);
      expect(page.headers['x-frame-options']).toBe('DENY');
      const bundle = await app.inject({ url: '/console/app.js' });
      expect(bundle.statusCode).toBe(200);
      expect(bundle.headers['content-type']).toMatch(/javascript/);
      expect(bundle.headers['x-content-type-options']).toBe('nosniff');
      // API answers carry the headers too.
      expect((await app.inject({ url: '/healthz' })).headers['content-security-policy']).toContain("default-src 'self'");
      // Not in the OpenAPI document (no token needed for static files, which hold no data).
      expect(Object.keys((await app.inject({ url: '/openapi.json' })).json().paths)).not.toContain('/');

      const docs = await app.inject({ url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-security-policy']).toContain("script-src-attr 'none'");
      expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    } finally {
      await app.close();
    }
  });

  it('answers 503 at / when the console is not built, saying how to build it', async () => {
    const app = await apiFor(test, uniqueTaskQueue(), { consoleDir: join(dir, 'missing') });
    try {
      const page = await app.inject({ url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.json().detail).toContain('npm run build');
    } finally {
      await app.close();
    }
  });
});
