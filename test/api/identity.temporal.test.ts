import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidTokensFileError, TokensFile } from '../../api/identity/tokens-file';
import { workflowIdFor } from '../../common/ids';
import type { MigrationStatus } from '../../common/migration-status';
import { apiFor, bearer, callerAs, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage } from '../support/migration-harness';
import { requestFor } from '../support/requests';
import { runCliInProcess } from '../support/run-cli-in-process';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

describe('HTTP API: bearer tokens and roles, against the shared dev server', () => {
  let test: TestConnection;
  let dir: string;
  beforeAll(async () => {
    test = await testConnection();
    dir = mkdtempSync(join(tmpdir(), 'siteshift-tokens-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test.close();
  });

  it('answers 401 on every route that the OpenAPI document says needs a token, without one and with a wrong one', async () => {
    const app = await apiFor(test, uniqueTaskQueue());
    try {
      const document = (await app.inject({ url: '/openapi.json' })).json();
      const guarded = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
        ([path, methods]) =>
          Object.entries(methods)
            .filter(([, operation]) => operation.security === undefined)
            .map(([method]) => ({ method: method.toUpperCase() as 'GET' | 'POST', url: path.replace('{machineId}', 'some-machine') })),
      );
      expect(guarded.length).toBeGreaterThanOrEqual(9);
      for (const route of guarded) {
        const anonymous = await app.inject({ ...route, payload: route.method === 'POST' ? {} : undefined });
        expect({ ...route, status: anonymous.statusCode }).toEqual({ ...route, status: 401 });
        expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="siteshift"');
        expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
        const forged = await app.inject({ ...route, headers: { authorization: 'Bearer not-a-known-token' } });
        expect({ ...route, status: forged.statusCode }).toEqual({ ...route, status: 401 });
        expect(forged.headers['www-authenticate']).toBe('Bearer realm="siteshift", error="invalid_token"');
      }
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 403 naming the missing role, before anything is started or decided; the decision records the token identity', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      const app = await apiFor(test, taskQueue);
      try {
        const request = requestFor('hyperv-to-azure');
        const asViewer = callerAs(app, 'viewer');
        const refusedStart = await asViewer.inject({ method: 'POST', url: '/v1/migrations', payload: request });
        expect(refusedStart.statusCode).toBe(403);
        expect(refusedStart.json()).toMatchObject({ neededRole: 'operator', detail: expect.stringContaining('"operator"') });
        await expect(test.client.workflow.getHandle(workflowIdFor(request.machineId)).describe()).rejects.toThrow(WorkflowNotFoundError);

        expect((await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/migrations', payload: request })).statusCode).toBe(201);
        const statusUrl = `/v1/migrations/${request.machineId}`;
        await waitForStage(() => asViewer.inject({ url: statusUrl }).then((r) => r.json() as MigrationStatus), 'AwaitingTestApproval');
        const approve = `/v1/migrations/${request.machineId}/decisions/approveTestFailover`;
        const refusedApproval = await callerAs(app, 'operator').inject({ method: 'POST', url: approve, payload: {} });
        expect(refusedApproval.statusCode).toBe(403);
        expect(refusedApproval.json().neededRole).toBe('approver');
        expect((await asViewer.inject({ method: 'POST', url: approve, payload: {} })).statusCode).toBe(403);
        expect((await asViewer.inject({ url: statusUrl })).json().decisions).toEqual([]);

        const approved = await callerAs(app, 'approver').inject({ method: 'POST', url: approve, payload: { comment: 'good' } });
        expect(approved.statusCode).toBe(200);
        expect(approved.json().decisions).toEqual([
          expect.objectContaining({ name: 'approveTestFailover', by: TEST_IDENTITIES.approver.name, accepted: true }),
        ]);
        // An operator may abort (an approver's role is to approve).
        const abort = `/v1/migrations/${request.machineId}/decisions/abortMigration`;
        expect(
          (await callerAs(app, 'approver').inject({ method: 'POST', url: abort, payload: { reason: 'done' } })).json().neededRole,
        ).toBe('operator');
        const aborted = await callerAs(app, 'operator').inject({ method: 'POST', url: abort, payload: { reason: 'test over' } });
        expect(aborted.statusCode).toBe(200);
        expect(aborted.json().decisions.at(-1)).toMatchObject({
          name: 'abortMigration',
          by: TEST_IDENTITIES.operator.name,
          accepted: true,
        });
      } finally {
        await app.close();
      }
    }));

  it('`siteshift tokens add` prints a token once, keeps only its hash, and the API accepts it at once without a restart', async () => {
    const file = join(dir, 'tokens.json');
    const identities = new TokensFile(file);
    const app = await apiFor(test, uniqueTaskQueue(), { identities });
    try {
      const added = await runCliInProcess(['tokens', 'add', 'ana@example.com', '--role', 'viewer', '--role', 'approver'], {
        env: { SITESHIFT_API_TOKENS_FILE: file },
      });
      expect(added).toMatchObject({ code: 0, connects: 0 });
      const token = added.stdout.trim();
      expect(token).toMatch(/^sst_[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(file, 'utf8')).not.toContain(token);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(identities.identityOf(token)).toEqual({ name: 'ana@example.com', roles: ['viewer', 'approver'] });

      const listed = await app.inject({ url: '/v1/migrations?pageSize=1', headers: { authorization: `Bearer ${token}` } });
      expect(listed.statusCode).toBe(200);
      const start = await app.inject({ method: 'POST', url: '/v1/migrations', headers: { authorization: `Bearer ${token}` }, payload: {} });
      expect(start.json()).toMatchObject({ status: 403, neededRole: 'operator' });

      const second = await runCliInProcess(['tokens', 'add', 'olga', '--role', 'operator', '--json'], {
        env: { SITESHIFT_API_TOKENS_FILE: file },
      });
      expect(JSON.parse(second.stdout)).toMatchObject({ name: 'olga', roles: ['operator'], file });
      expect(identities.identityOf(token)?.name).toBe('ana@example.com');
    } finally {
      await app.close();
    }
  });

  it('`siteshift tokens list` shows names, roles and dates (never a token); `tokens remove` makes the API refuse them at once', async () => {
    const file = join(dir, 'list-remove.json');
    const env = { SITESHIFT_API_TOKENS_FILE: file };
    const identities = new TokensFile(file);
    const app = await apiFor(test, uniqueTaskQueue(), { identities });
    try {
      const empty = await runCliInProcess(['tokens', 'list'], { env });
      expect(empty).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('No tokens in') });
      const olga = (await runCliInProcess(['tokens', 'add', 'olga', '--role', 'operator'], { env })).stdout.trim();
      const ana = (await runCliInProcess(['tokens', 'add', 'ana', '--role', 'approver,viewer'], { env })).stdout.trim();
      const secondOlga = (await runCliInProcess(['tokens', 'add', 'olga', '--role', 'viewer'], { env })).stdout.trim();

      const listed = await runCliInProcess(['tokens', 'list'], { env });
      expect(listed).toMatchObject({ code: 0, connects: 0 });
      expect(listed.stdout.split('\n')[0]).toMatch(/^NAME +CREATED +ROLES$/);
      expect(listed.stdout).toMatch(/^ana +\d{4}-\d\d-\d\dT\S+ +approver, viewer$/m);
      for (const token of [olga, ana, secondOlga]) expect(listed.stdout).not.toContain(token);
      const json = JSON.parse((await runCliInProcess(['tokens', 'list', '--json'], { env })).stdout);
      expect(json.tokens.map((t: { name: string; roles: string[] }) => [t.name, t.roles])).toEqual([
        ['olga', ['operator']],
        ['ana', ['approver', 'viewer']],
        ['olga', ['viewer']],
      ]);
      expect(JSON.stringify(json)).not.toMatch(/sha256|sst_/);

      const list = (token: string) => app.inject({ url: '/v1/migrations?pageSize=1', headers: { authorization: `Bearer ${token}` } });
      expect((await list(olga)).statusCode).toBe(200);
      const removed = await runCliInProcess(['tokens', 'remove', 'olga'], { env });
      expect(removed).toMatchObject({ code: 0, stdout: expect.stringContaining('Removed 2 tokens of olga') });
      expect((await list(olga)).statusCode).toBe(401);
      expect((await list(secondOlga)).statusCode).toBe(401);
      expect((await list(ana)).statusCode).toBe(200);

      const again = await runCliInProcess(['tokens', 'remove', 'olga', '--json'], { env });
      expect(again).toMatchObject({ code: 4 });
      expect(JSON.parse(again.stdout)).toEqual({ name: 'olga', file, removed: 0 });
      expect((await runCliInProcess(['tokens', 'remove'], { env })).code).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('`siteshift tokens add` refuses an unknown role, a bad name or no role (exit 2), writing nothing', async () => {
    const file = join(dir, 'refused.json');
    const env = { SITESHIFT_API_TOKENS_FILE: file };
    const unknownRole = await runCliInProcess(['tokens', 'add', 'ana', '--role', 'boss'], { env });
    expect(unknownRole).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('unknown role "boss"') });
    const badName = await runCliInProcess(['tokens', 'add', 'a b', '--role', 'viewer'], { env });
    expect(badName).toMatchObject({ code: 2, stderr: expect.stringContaining('name: must be') });
    const noRole = await runCliInProcess(['tokens', 'add', 'ana'], { env });
    expect(noRole).toMatchObject({ code: 2, stderr: expect.stringContaining("'--role <role...>' not specified") });
    expect(() => statSync(file)).toThrow();
  });

  it('refuses a tokens file that is not what it should be, naming the field', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ version: 1, tokens: [{ name: 'ana', roles: ['root'], sha256: 'x', createdAt: 'now' }] }));
    expect(() => new TokensFile(file)).toThrow(InvalidTokensFileError);
    expect(() => new TokensFile(file)).toThrow(/tokens\.0\.roles\.0: .*\n.*tokens\.0\.sha256: must be a SHA-256 hash in hex/);
  });

  it('logs each request with its id and the caller identity, and never the token', async () => {
    let logged = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk);
        done();
      },
    });
    const app = await apiFor(test, uniqueTaskQueue(), { logger: { level: 'info', stream } });
    try {
      const response = await app.inject({ url: '/v1/migrations?pageSize=1', headers: bearer('viewer') });
      await app.inject({ url: '/v1/migrations', headers: { authorization: 'Bearer wrong-secret-token' } });
      const lines = logged
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const completed = lines.find((line) => line.reqId === response.headers['x-request-id'] && line.msg === 'request completed');
      expect(completed).toMatchObject({ identity: TEST_IDENTITIES.viewer.name, res: { statusCode: 200 } });
      expect(logged).not.toContain(TEST_IDENTITIES.viewer.token);
      expect(logged).not.toContain('wrong-secret-token');
    } finally {
      await app.close();
    }
  });
});
