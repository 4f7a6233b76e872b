import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../common/ids';
import type { MigrationStatus } from '../../common/migration-status';
import type { Role } from '../../common/roles';
import { apiFor, callerAs, TEST_IDENTITIES, type ApiCaller } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP API: migrations, against the shared dev server', () => {
  let test: TestConnection;
  const started: string[] = [];
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(async () => {
    await Promise.all(
      started.map((id) =>
        test.client.workflow
          .getHandle(workflowIdFor(id))
          .terminate('test over')
          .catch(() => undefined),
      ),
    );
    await test.close();
  });

  /** The API, called as admin (the routes' roles are tested in identity.temporal.test.ts). */
  async function withApi<T>(
    taskQueue: string,
    fn: (api: ApiCaller, as: (role: Role) => ApiCaller) => Promise<T>,
    bodyLimitBytes?: number,
  ): Promise<T> {
    const app = await apiFor(test, taskQueue, { bodyLimitBytes });
    try {
      return await fn(callerAs(app, 'admin'), (role) => callerAs(app, role));
    } finally {
      await app.close();
    }
  }

  /** A migration started through the API, driven by a worker on the in-memory Site Recovery. */
  function withStartedMigration(
    fn: (api: ApiCaller, request: ReturnType<typeof requestFor>, as: (role: Role) => ApiCaller) => Promise<void>,
  ): Promise<void> {
    return withWorker({ siteRecovery: new InMemorySiteRecovery() }, ({ taskQueue }) =>
      withApi(taskQueue, async (api, as) => {
        const request = requestFor('hyperv-to-azure');
        started.push(request.machineId);
        expect(
          (
            await api.inject({
              method: 'POST',
              url: '/v1/migrations',
              payload: request,
            })
          ).statusCode,
        ).toBe(201);
        await fn(api, request, as);
      }),
    );
  }

  async function notStarted(machineId: string): Promise<void> {
    await expect(test.client.workflow.getHandle(workflowIdFor(machineId)).describe()).rejects.toThrow(WorkflowNotFoundError);
  }

  it('starts one migration (201), returns the running one on a second start (200), refuses an invalid one field by field (400)', () =>
    withApi(uniqueTaskQueue(), async (api) => {
      const request = requestFor('hyperv-to-azure');
      started.push(request.machineId);
      const first = await api.inject({
        method: 'POST',
        url: '/v1/migrations',
        payload: request,
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toEqual({
        machineId: request.machineId,
        workflowId: workflowIdFor(request.machineId),
        outcome: 'started',
      });
      const second = await api.inject({
        method: 'POST',
        url: '/v1/migrations',
        payload: request,
      });
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ outcome: 'alreadyRunning' });

      const bad = requestFor('vmware-to-azure', {
        replicationPolicyName: '',
        extra: true,
      } as never);
      const refused = await api.inject({
        method: 'POST',
        url: '/v1/migrations',
        payload: bad,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.json()).toMatchObject({
        status: 400,
        title: 'Invalid request',
      });
      expect(refused.json().errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'replicationPolicyName' }),
          { path: '', message: 'unrecognized key "extra"' },
        ]),
      );
      await notStarted(bad.machineId);
    }));

  it('starts a batch with a result per machine, and nothing at all when any request of it is invalid', () =>
    withApi(uniqueTaskQueue(), async (api) => {
      const good = requestFor('physical-to-azure');
      const alsoGood = requestFor('aws-to-azure');
      const bad = {
        ...requestFor('hyperv-to-azure'),
        vault: { subscriptionId: 'nope', resourceGroup: 'rg', name: 'v' },
      };
      const refused = await api.inject({
        method: 'POST',
        url: '/v1/migrations',
        payload: [good, bad, alsoGood],
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([
        {
          path: '1.vault.subscriptionId',
          message: 'must be a subscription GUID',
        },
      ]);
      expect(refused.json().invalid).toEqual([
        {
          index: 1,
          machineId: bad.machineId,
          issues: [
            {
              path: 'vault.subscriptionId',
              message: 'must be a subscription GUID',
            },
          ],
        },
      ]);
      for (const request of [good, bad, alsoGood]) await notStarted(request.machineId);

      started.push(good.machineId, alsoGood.machineId);
      const batch = await api.inject({
        method: 'POST',
        url: '/v1/migrations',
        payload: [good, alsoGood],
      });
      expect(batch.statusCode).toBe(200);
      expect(batch.json().results.map((result: { outcome: string }) => result.outcome)).toEqual(['started', 'started']);
    }));

  it('lists migrations by wave, page by page, and refuses an unknown filter value or parameter', () =>
    withApi(uniqueTaskQueue(), async (api) => {
      const wave = `wave-${randomUUID()}`;
      const requests = [1, 2, 3].map(() => requestFor('hyperv-to-azure', { wave }));
      started.push(...requests.map((r) => r.machineId));
      expect(
        (
          await api.inject({
            method: 'POST',
            url: '/v1/migrations',
            payload: requests,
          })
        ).statusCode,
      ).toBe(200);

      const url = (query: string) => `/v1/migrations?wave=${encodeURIComponent(wave)}&${query}`;
      await waitUntil(
        'visibility to list all three',
        async () => (await api.inject({ url: url('pageSize=10') })).json().migrations,
        (found) => found.length === 3,
      );
      const first = (await api.inject({ url: url('pageSize=2&stage=Preflight') })).json();
      expect(first.migrations).toHaveLength(2);
      expect(first.nextPageToken).toEqual(expect.any(String));
      const second = (
        await api.inject({
          url: url(`pageSize=2&stage=Preflight&pageToken=${first.nextPageToken}`),
        })
      ).json();
      const listed = [...first.migrations, ...second.migrations].map((m: { machineId: string }) => m.machineId);
      expect(listed.sort()).toEqual(requests.map((r) => r.machineId).sort());
      expect(first.migrations[0]).toMatchObject({
        wave,
        scenario: 'hyperv-to-azure',
        stage: 'Preflight',
        executionStatus: 'RUNNING',
      });

      // A token of another filter's list, or garbage, is refused before Temporal is asked.
      for (const other of [`/v1/migrations?stage=Preflight&pageToken=${first.nextPageToken}`, '/v1/migrations?pageToken=abc.def']) {
        const wrongToken = await api.inject({ url: other });
        expect(wrongToken.statusCode).toBe(400);
        expect(wrongToken.json().errors).toEqual([expect.objectContaining({ path: 'pageToken', in: 'querystring' })]);
      }

      const refused = await api.inject({
        url: '/v1/migrations?stage=Nowhere&colour=blue&pageSize=0',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(
        refused
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
      ).toEqual(['', 'pageSize', 'stage']);
    }));

  it('answers status (200), an unknown machine (404), a malformed machine id (400) and an unknown route (404)', () =>
    withStartedMigration(async (api, request) => {
      const status = await api.inject({
        url: `/v1/migrations/${request.machineId}`,
      });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({
        machineId: request.machineId,
        scenario: 'hyperv-to-azure',
      });

      const missing = await api.inject({
        url: `/v1/migrations/never-${randomUUID()}`,
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      const malformed = await api.inject({ url: '/v1/migrations/-bad%20id' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual([expect.objectContaining({ path: 'machineId', in: 'params' })]);
      expect((await api.inject({ url: '/v2/nothing' })).statusCode).toBe(404);
    }));

  it('sends decisions as updates: 200 with the new status, 409 with the workflow reason, 400 for a bad payload, 404 for no migration', () =>
    withStartedMigration(async (api, request) => {
      const decide = (decision: string, payload: unknown, machineId = request.machineId) =>
        api.inject({
          method: 'POST',
          url: `/v1/migrations/${machineId}/decisions/${decision}`,
          payload: payload as object,
        });

      const early = await decide('approveFailover', {});
      expect(early.statusCode).toBe(409);
      expect(early.headers['content-type']).toMatch(PROBLEM);
      expect(early.json().detail).toMatch(/AwaitingFailoverApproval/);

      await waitForStage(
        () => api.inject({ url: `/v1/migrations/${request.machineId}` }).then((r) => r.json() as MigrationStatus),
        'AwaitingTestApproval',
      );
      const unknownField = await decide('approveTestFailover', { approved: true });
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json().errors).toEqual([{ path: '', message: 'unrecognized key "approved"', in: 'body' }]);
      // The identity on a decision is the token's: a body that names one is refused, nothing is sent.
      const claimed = await decide('approveTestFailover', { by: 'someone-else' });
      expect(claimed.statusCode).toBe(400);
      expect(claimed.json().errors).toEqual([{ path: '', message: 'unrecognized key "by"', in: 'body' }]);

      const approved = await decide('approveTestFailover', { comment: 'test VM looks good' });
      expect(approved.statusCode).toBe(200);
      expect(approved.json().decisions).toEqual([
        expect.objectContaining({
          name: 'approveTestFailover',
          by: TEST_IDENTITIES.admin.name,
          accepted: true,
          via: 'update',
        }),
      ]);

      expect((await decide('abortMigration', { reason: 'x' }, `never-${randomUUID()}`)).statusCode).toBe(404);
      expect((await decide('approveEverything', {})).statusCode).toBe(404);
    }));

  it('refuses to start a machine that was already migrated (409, saying why), alone or in a batch', () =>
    withStartedMigration(async (api, request, as) => {
      const status = () => api.inject({ url: `/v1/migrations/${request.machineId}` }).then((r) => r.json() as MigrationStatus);
      const decide = (decision: string, caller = api) =>
        caller.inject({ method: 'POST', url: `/v1/migrations/${request.machineId}/decisions/${decision}`, payload: {} });
      await waitForStage(status, 'AwaitingTestApproval');
      expect((await decide('approveTestFailover')).statusCode).toBe(200);
      await waitForStage(status, 'AwaitingFailoverApproval');
      // Four-eyes: the admin started the migration and approved its test; another approves the cutover.
      expect((await decide('approveFailover', as('approver'))).statusCode).toBe(200);
      await waitForStage(status, 'Completed');

      const again = await api.inject({ method: 'POST', url: '/v1/migrations', payload: request });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(again.json()).toMatchObject({
        machineId: request.machineId,
        reason: 'MigrationAlreadyCompletedError',
        detail: expect.stringContaining('already been migrated'),
      });
      const inBatch = await api.inject({ method: 'POST', url: '/v1/migrations', payload: [request] });
      expect(inBatch.statusCode).toBe(200);
      expect(inBatch.json().results).toEqual([expect.objectContaining({ outcome: 'error', errorName: 'MigrationAlreadyCompletedError' })]);
    }));

  it('refuses a body over the limit with 413 before parsing it', () =>
    withApi(
      uniqueTaskQueue(),
      async (api) => {
        const request = requestFor('hyperv-to-azure', {
          displayName: 'x'.repeat(2_000),
        });
        const refused = await api.inject({
          method: 'POST',
          url: '/v1/migrations',
          payload: request,
        });
        expect(refused.statusCode).toBe(413);
        expect(refused.headers['content-type']).toMatch(PROBLEM);
        await notStarted(request.machineId);
      },
      1_024,
    ));
});
