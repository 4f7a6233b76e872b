import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/identity/roles';
import { MigrationClient } from '../../client';
import { apiFor, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage } from '../support/migration-harness';
import { requestFor } from '../support/requests';
import { runCliInProcess } from '../support/run-cli-in-process';
import { withWorker } from '../support/temporal';

describe('siteshift CLI through the HTTP API (SITESHIFT_API_URL)', () => {
  it('starts, lists, reads and decides as the token identity, with the exit codes of a direct connection', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue);
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        // No TEMPORAL_* here: a CLI run that reached Temporal directly would fail to connect.
        const as = (role: Role | 'nobody', args: string[], stdin?: string) =>
          runCliInProcess(args, {
            stdin,
            env: {
              SITESHIFT_API_URL: url,
              SITESHIFT_API_TOKEN: role === 'nobody' ? 'not-a-token' : TEST_IDENTITIES[role].token,
              TEMPORAL_ADDRESS: '127.0.0.1:1',
            },
          });
        const migrations = new MigrationClient(client, taskQueue);
        const request = requestFor('hyperv-to-azure', { wave: `wave-${randomUUID()}` });
        const id = request.machineId;

        const started = await as('operator', ['start', '-'], JSON.stringify(request));
        expect(started).toMatchObject({ code: 0, stderr: '' });
        expect(started.stdout).toContain(`started         ${id}`);
        // A viewer may not start: 403, exit code 8, and the API's reason.
        const refused = await as('viewer', ['start', '-'], JSON.stringify(requestFor('hyperv-to-azure')));
        expect(refused.code).toBe(8);
        expect(refused.stderr).toMatch(/403/);
        expect((await as('nobody', ['status', id])).code).toBe(8);

        await waitForStage(() => migrations.status(id), 'AwaitingTestApproval');
        const listed = await as('viewer', ['list', '--wave', request.wave!, '--json']);
        expect(listed.code).toBe(0);
        expect(JSON.parse(listed.stdout).map((m: { machineId: string }) => m.machineId)).toEqual([id]);

        // Through the API the decision is made as the token's identity: no --by, and --by is refused.
        expect((await as('approver', ['approve-test', id, '--by', 'mallory'])).code).toBe(2);
        const approved = await as('approver', ['approve-test', id, '--comment', 'smoke tests green', '--json']);
        expect(approved.code).toBe(0);
        expect(JSON.parse(approved.stdout).decisions.at(-1)).toMatchObject({
          name: 'approveTestFailover',
          by: TEST_IDENTITIES.approver.name,
          via: 'update',
          accepted: true,
          comment: 'smoke tests green',
        });

        const tooEarly = await as('approver', ['approve-test', id]);
        expect(tooEarly.code).toBe(5);
        expect(tooEarly.stderr).toMatch(/approveTestFailover rejected for machine/);
        expect((await as('operator', ['approve-failover', id])).code).toBe(8);

        const status = await as('viewer', ['status', id]);
        expect(status.code).toBe(0);
        expect(status.stdout).toMatch(/approveTestFailover by ana via update/);
        expect((await as('viewer', ['status', 'no-such-machine'])).code).toBe(4);
      } finally {
        await app.close();
      }
    });
  });

  it('says what is wrong with the settings or the address, without reaching Temporal', async () => {
    const missingToken = await runCliInProcess(['status', 'web-01'], {
      env: { SITESHIFT_API_URL: 'http://127.0.0.1:1', SITESHIFT_API_TOKEN: '' },
    });
    expect(missingToken.code).toBe(78);
    expect(missingToken.stderr).toContain('SITESHIFT_API_TOKEN');
    const badUrl = await runCliInProcess(['status', 'web-01'], { env: { SITESHIFT_API_URL: 'ftp://x', SITESHIFT_API_TOKEN: 't' } });
    expect(badUrl.code).toBe(78);
    expect(badUrl.stderr).toContain('SITESHIFT_API_URL');
    const down = await runCliInProcess(['status', 'web-01'], {
      env: { SITESHIFT_API_URL: 'http://127.0.0.1:1', SITESHIFT_API_TOKEN: 'secret-token-value' },
    });
    expect(down.code).toBe(75);
    expect(down.stderr).toContain('Cannot reach the siteshift API at http://127.0.0.1:1');
    expect(down.stderr).not.toContain('secret-token-value');
  });
});
