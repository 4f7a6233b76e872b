import { DECISION_NAMES } from '../../common/decisions';
import { apiFor } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

describe('HTTP API: OpenAPI document, docs and health, against the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  it('serves an OpenAPI 3.1 document generated from the shared schemas, and the docs from local assets', async () => {
    const app = await apiFor(test, uniqueTaskQueue());
    try {
      const document = (await app.inject({ url: '/openapi.json' })).json();
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/migrations',
          '/v1/migrations/{machineId}',
          ...DECISION_NAMES.map((d) => `/v1/migrations/{machineId}/decisions/${d}`),
        ]),
      );
      // From common/migration-request.ts: the scenarios, and strict objects.
      const startBody = JSON.stringify(document.paths['/v1/migrations'].post.requestBody);
      expect(startBody).toContain('"azure-to-azure"');
      expect(startBody).toContain('"additionalProperties":false');
      // Who starts is the token's identity: no request body offers a field the API refuses.
      for (const path of ['/v1/migrations', '/v1/waves', '/v1/protections']) {
        const body = JSON.stringify(document.paths[path].post.requestBody);
        expect(body).toContain('"machineId"');
        expect(body).not.toContain('startedBy');
      }
      const abortBody =
        document.paths['/v1/migrations/{machineId}/decisions/abortMigration'].post.requestBody.content['application/json'].schema;
      // `by` is the caller's token identity, never the body's.
      expect(abortBody).toMatchObject({ required: ['reason'], additionalProperties: false });
      expect(Object.keys(abortBody.properties)).not.toContain('by');
      expect(document.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
      expect(document.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/healthz'].get.security).toEqual([]);

      const page = await app.inject({ url: '/docs/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
      const asset = await app.inject({
        url: '/docs/static/swagger-ui-bundle.js',
      });
      expect(asset.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is healthy always, and ready only when a worker polls its task queue', async () => {
    const idle = await apiFor(test, uniqueTaskQueue());
    try {
      expect((await idle.inject({ url: '/healthz' })).json()).toEqual({
        status: 'ok',
      });
      const notReady = await idle.inject({ url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json().detail).toMatch(/No worker polls task queue/);
    } finally {
      await idle.close();
    }
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      const app = await apiFor(test, taskQueue);
      try {
        // The server learns of the worker's poll once it arrives.
        const ready = await waitUntil(
          'the worker to poll',
          () => app.inject({ url: '/readyz' }),
          (r) => r.statusCode === 200,
        );
        expect(ready.json()).toMatchObject({ status: 'ready', taskQueue });
      } finally {
        await app.close();
      }
    });
  });
});
