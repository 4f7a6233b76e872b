import { WorkflowNotFoundError } from '@temporalio/client';
import { MigrationClient } from '../../client';
import { ProtectionClient } from '../../client/protection-client';
import { workflowIdOf } from '../../common/ids';
import type { Me } from '../../common/me';
import type { ProtectionStatus } from '../../common/protection-status';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { waitForStage } from '../support/migration-harness';
import {
  PROTECTED_WITH_HEALTH,
  protectionRequestFor,
  waitForProtection,
  waitForProtectionStage,
  waitForReadiness,
} from '../support/protection-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP API: protections (disaster recovery), against the shared dev server', () => {
  it('starts (201, then 200), refuses bad requests field by field (400) and missing tokens or roles (401, 403), lists and reads a protection', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue);
      try {
        const [viewer, operator] = [callerAs(app, 'viewer'), callerAs(app, 'operator')];
        const request = protectionRequestFor('vmware-to-azure');
        const id = request.machineId;

        expect((await app.inject({ method: 'POST', url: '/v1/protections', payload: request })).statusCode).toBe(401);
        const forbidden = await viewer.inject({ method: 'POST', url: '/v1/protections', payload: request });
        expect(forbidden.statusCode).toBe(403);
        expect(forbidden.json()).toMatchObject({ neededRole: 'operator' });

        const aws = await operator.inject({ method: 'POST', url: '/v1/protections', payload: protectionRequestFor('aws-to-azure') });
        expect(aws.statusCode).toBe(400);
        expect(aws.headers['content-type']).toMatch(PROBLEM);
        expect(aws.json().errors).toEqual([
          expect.objectContaining({ path: 'scenario', in: 'body', message: expect.stringContaining('migration only') }),
        ]);
        const named = await operator.inject({ method: 'POST', url: '/v1/protections', payload: { ...request, startedBy: 'someone' } });
        expect(named.statusCode).toBe(400);
        expect(named.json().errors).toEqual([expect.objectContaining({ path: 'startedBy' })]);
        const unknownKey = await operator.inject({ method: 'POST', url: '/v1/protections', payload: { ...request, extra: 1 } });
        expect(unknownKey.statusCode).toBe(400);
        expect(JSON.stringify(unknownKey.json().errors)).toContain('extra');
        await expect(client.workflow.getHandle(workflowIdOf('protectMachine', id)).describe()).rejects.toThrow(WorkflowNotFoundError);

        const started = await operator.inject({ method: 'POST', url: '/v1/protections', payload: request });
        expect(started.statusCode).toBe(201);
        expect(started.json()).toEqual({ machineId: id, workflowId: `protect-${id}`, outcome: 'started' });
        const again = await operator.inject({ method: 'POST', url: '/v1/protections', payload: request });
        expect(again.statusCode).toBe(200);
        expect(again.json()).toMatchObject({ outcome: 'alreadyRunning' });

        const protections = new ProtectionClient(client, taskQueue);
        await waitForReadiness(protections, id, PROTECTED_WITH_HEALTH);
        const status = await viewer.inject({ method: 'GET', url: `/v1/protections/${id}` });
        expect(status.statusCode).toBe(200);
        expect(status.json()).toMatchObject({
          machineId: id,
          stage: 'Protected',
          health: { replicationHealth: 'Normal', rpoSeconds: 60, rpoThresholdSeconds: 1800, rpoExceeded: false },
          drills: [],
        });
        expect((await app.inject({ method: 'GET', url: `/v1/protections/${id}` })).statusCode).toBe(401);
        const missing = await viewer.inject({ method: 'GET', url: '/v1/protections/no-such-machine' });
        expect(missing.statusCode).toBe(404);
        expect(missing.headers['content-type']).toMatch(PROBLEM);
        expect((await viewer.inject({ method: 'GET', url: '/v1/protections/bad%20id!' })).statusCode).toBe(400);

        // Visibility catches up within a second or so (longer on a loaded machine).
        const listed = await waitUntil(
          'the protection listed as Protected',
          async () => {
            const page = await viewer.inject({ method: 'GET', url: '/v1/protections?pageSize=1000' });
            expect(page.statusCode).toBe(200);
            return page.json().protections as { machineId: string; stage?: string }[];
          },
          (protections) => protections.some((p) => p.machineId === id && p.stage === 'Protected'),
          { intervalMs: 200, retryIf: () => false },
        );
        expect(listed).toContainEqual(
          expect.objectContaining({ machineId: id, stage: 'Protected', scenario: 'vmware-to-azure', executionStatus: 'RUNNING' }),
        );
        const badToken = await viewer.inject({ method: 'GET', url: '/v1/protections?pageToken=abc.def' });
        expect(badToken.statusCode).toBe(400);
        expect(badToken.json().errors).toEqual([expect.objectContaining({ path: 'pageToken', in: 'querystring' })]);
        expect((await viewer.inject({ method: 'GET', url: '/v1/protections?stage=Protected' })).statusCode).toBe(400);

        // /v1/me tells the console which DR decisions this identity may take, and their simple fields.
        const me = (await operator.inject({ method: 'GET', url: '/v1/me' })).json() as Me;
        const right = (name: string) => me.protectionDecisions.find((decision) => decision.name === name)!;
        expect(right('runDrill')).toMatchObject({ allowed: true, neededRole: 'operator', allowedStages: ['Protected'] });
        expect(right('failover')).toMatchObject({ allowed: false, neededRole: 'approver' });
        expect(right('failover').fields).toEqual([
          expect.objectContaining({ name: 'comment', required: false }),
          expect.objectContaining({ name: 'type', required: true, choices: ['planned', 'unplanned'] }),
        ]);
        expect(right('stopProtection').fields.map((field) => [field.name, field.required])).toEqual([
          ['comment', false],
          ['reason', true],
        ]);

        const paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
        expect(Object.keys(paths)).toEqual(
          expect.arrayContaining([
            '/v1/protections',
            '/v1/protections/{machineId}',
            '/v1/protections/{machineId}/decisions/runDrill',
            '/v1/protections/{machineId}/decisions/stopProtection',
          ]),
        );
        expect(JSON.stringify(paths['/v1/protections'].post)).toContain('disaster-recovery');
      } finally {
        await app.close();
      }
    });
  });

  it("sends decisions as updates with the token's identity: roles per decision (403), bad payloads (400), the workflow's refusals (409)", async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue);
      try {
        const [viewer, operator, approver] = [callerAs(app, 'viewer'), callerAs(app, 'operator'), callerAs(app, 'approver')];
        const protections = new ProtectionClient(client, taskQueue);
        const request = protectionRequestFor('vmware-to-azure');
        const id = request.machineId;
        const decide = (as: typeof viewer, decision: string, payload: object = {}) =>
          as.inject({ method: 'POST', url: `/v1/protections/${id}/decisions/${decision}`, payload });

        expect((await decide(operator, 'runDrill')).statusCode).toBe(404);
        await protections.start(request);
        await waitForProtectionStage(protections, id, 'Protected');

        expect((await app.inject({ method: 'POST', url: `/v1/protections/${id}/decisions/runDrill`, payload: {} })).statusCode).toBe(401);
        expect((await decide(viewer, 'runDrill')).json()).toMatchObject({ status: 403, neededRole: 'operator' });
        expect((await decide(operator, 'failover', { type: 'unplanned' })).json()).toMatchObject({ status: 403, neededRole: 'approver' });
        expect((await decide(operator, 'stopProtection', { reason: 'x' })).json()).toMatchObject({ status: 403, neededRole: 'approver' });

        const namedBy = await decide(operator, 'runDrill', { by: 'mallory' });
        expect(namedBy.statusCode).toBe(400);
        expect(namedBy.json().errors).toEqual([expect.objectContaining({ path: 'by' })]);
        const badType = await decide(approver, 'failover', { type: 'sideways' });
        expect(badType.statusCode).toBe(400);
        expect(badType.json().errors).toEqual([expect.objectContaining({ path: 'type', in: 'body' })]);
        const plannedVmware = await decide(approver, 'failover', { type: 'planned' });
        expect(plannedVmware.statusCode).toBe(409);
        expect(plannedVmware.json().detail).toContain('a planned failover to Azure is for Hyper-V only');
        const notYet = await decide(approver, 'commit');
        expect(notYet.statusCode).toBe(409);
        expect(notYet.json()).toMatchObject({ decision: 'commit' });

        const drill = await decide(operator, 'runDrill', { comment: 'monthly' });
        expect(drill.statusCode).toBe(200);
        expect((drill.json() as ProtectionStatus).decisions.at(-1)).toMatchObject({
          name: 'runDrill',
          by: TEST_IDENTITIES.operator.name,
          accepted: true,
        });
        await waitForProtectionStage(protections, id, 'AwaitingDrillSignOff');
        expect((await decide(operator, 'approveDrill')).json()).toMatchObject({ status: 403, neededRole: 'approver' });
        expect((await decide(approver, 'approveDrill')).statusCode).toBe(200);
        const after = await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);
        expect(after.drills[0]).toMatchObject({
          by: TEST_IDENTITIES.operator.name,
          endedBy: TEST_IDENTITIES.approver.name,
          result: 'passed',
          comment: 'monthly',
        });

        const stop = await decide(approver, 'stopProtection', { reason: 'test over' });
        expect(stop.statusCode).toBe(200);
        await waitForProtectionStage(protections, id, 'ProtectionStopped');
        // Once the protection has ended, a decision is refused as one too late (409), not as no protection at all (404).
        await protections.handleFor(id).result();
        const late = await decide(operator, 'runDrill');
        expect(late.statusCode).toBe(409);
        expect(late.json().detail).toMatch(/already ended/);
      } finally {
        await app.close();
      }
    });
  });

  it('refuses to protect a machine that is being migrated (409) and starts nothing', async () => {
    const dr = new InMemoryDisasterRecovery();
    dr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue);
      const migrations = new MigrationClient(client, taskQueue);
      const migrating = requestFor('hyperv-to-azure');
      try {
        const migration = await migrations.startMigration(migrating);
        await waitForStage(() => migrations.status(migrating.machineId), 'InitialReplication');
        const busy = await callerAs(app, 'operator').inject({
          method: 'POST',
          url: '/v1/protections',
          payload: { ...protectionRequestFor('hyperv-to-azure'), machineId: migrating.machineId },
        });
        expect(busy.statusCode).toBe(409);
        expect(busy.json()).toMatchObject({ reason: 'MachineBusy', detail: expect.stringContaining('is being migrated') });
        await expect(client.workflow.getHandle(workflowIdOf('protectMachine', migrating.machineId)).describe()).rejects.toThrow(
          WorkflowNotFoundError,
        );
        await migration.handle.terminate('test over');
      } finally {
        await app.close();
      }
    });
  });
});
