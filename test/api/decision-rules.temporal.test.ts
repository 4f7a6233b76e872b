import type { MigrationStatus } from '../../common/migration-status';
import { apiFor, callerAs, SECOND_APPROVER, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage } from '../support/migration-harness';
import { requestFor } from '../support/requests';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';

describe('HTTP API: who decides (four-eyes), against the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  it('records the token identity as startedBy, refuses a body naming one, and answers a four-eyes refusal with 403 naming the rule', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      const app = await apiFor(test, taskQueue);
      try {
        const admin = callerAs(app, 'admin');
        const request = requestFor('vmware-to-azure');
        const claimed = await admin.inject({ method: 'POST', url: '/v1/migrations', payload: { ...request, startedBy: 'someone-else' } });
        expect(claimed.statusCode).toBe(400);
        expect(claimed.json().errors).toEqual([{ path: 'startedBy', message: 'is set from your token', in: 'body' }]);
        const inBatch = await admin.inject({ method: 'POST', url: '/v1/migrations', payload: [request, { ...request, startedBy: 'x' }] });
        expect(inBatch.json().errors).toEqual([expect.objectContaining({ path: '1.startedBy' })]);
        expect((await admin.inject({ method: 'POST', url: '/v1/migrations', payload: request })).statusCode).toBe(201);

        const statusUrl = `/v1/migrations/${request.machineId}`;
        const status = () => admin.inject({ url: statusUrl }).then((r) => r.json() as MigrationStatus);
        const decide = (caller: ReturnType<typeof callerAs>, decision: string) =>
          caller.inject({ method: 'POST', url: `${statusUrl}/decisions/${decision}`, payload: {} });
        await waitForStage(status, 'AwaitingTestApproval');
        expect((await decide(callerAs(app, 'approver'), 'approveTestFailover')).statusCode).toBe(200);
        await waitForStage(status, 'AwaitingFailoverApproval');

        const byTester = await decide(callerAs(app, 'approver'), 'approveFailover');
        expect(byTester.statusCode).toBe(403);
        expect(byTester.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(byTester.json()).toMatchObject({
          title: 'Forbidden',
          rule: 'four-eyes-test-approver',
          decision: 'approveFailover',
          detail: `four-eyes: the cutover must be approved by someone else than whoever approved its test failover (${TEST_IDENTITIES.approver.name} approved it)`,
        });
        const byStarter = await decide(admin, 'approveFailover');
        expect(byStarter.statusCode).toBe(403);
        expect(byStarter.json()).toMatchObject({
          rule: 'four-eyes-starter',
          detail: expect.stringContaining(`(${TEST_IDENTITIES.admin.name} started it)`),
        });
        // A rule about when (here: the stage) stays a 409.
        const early = await admin.inject({
          method: 'POST',
          url: `${statusUrl}/decisions/rescheduleFailover`,
          payload: { notBefore: '2030-01-01T00:00:00Z' },
        });
        expect(early.statusCode).toBe(409);
        expect(early.json().rule).toBeUndefined();

        const refused = (await status()).decisions.filter((d) => !d.accepted);
        expect(refused.map((d) => [d.name, d.by, d.via])).toEqual([
          ['approveFailover', TEST_IDENTITIES.approver.name, 'update'],
          ['approveFailover', TEST_IDENTITIES.admin.name, 'update'],
        ]);

        const approved = await decide(callerAs(app, 'secondApprover'), 'approveFailover');
        expect(approved.statusCode).toBe(200);
        expect(approved.json().decisions.at(-1)).toMatchObject({ name: 'approveFailover', by: SECOND_APPROVER.name, accepted: true });
        await waitForStage(status, 'Completed');
      } finally {
        await app.close();
      }
    }));
});
