import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { workflowIdFor } from '../../common/ids';
import type { MigrationStatus } from '../../common/migration-status';
import { publicKeyHex } from '../../config/decision-policy';
import { resolveTemporalCli } from '../../local-stack/temporal-cli';
import { TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { apiFor, callerAs, SECOND_APPROVER, TEST_IDENTITIES } from '../support/api';
import { updateRefusal } from '../support/decision-harness';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage, type MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';

const run = promisify(execFile);

/** The plain `temporal` CLI against the shared dev server: what anyone holding the namespace can run. */
async function temporalCli(test: TestConnection, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = await resolveTemporalCli();
  const connection = ['--address', process.env[TEST_TEMPORAL_ADDRESS_VAR]!, '--namespace', test.namespace];
  return run(cli, [...args, ...connection]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** `temporal workflow update execute` or `temporal workflow signal` of a decision, with a plain JSON payload. */
function plainTemporalDecision(test: TestConnection, via: 'update' | 'signal', workflowId: string, name: string, input: object) {
  const command = via === 'update' ? ['workflow', 'update', 'execute'] : ['workflow', 'signal'];
  return temporalCli(test, [...command, '--workflow-id', workflowId, '--name', name, '--input', JSON.stringify(input)]);
}

async function historyLength(handle: MigrationHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
}

describe('signed decisions: a migration accepts only decisions the API signed, against the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  it('refuses forged approvals (plain temporal update: 0 history events added; signal: recorded, nothing changes), a foreign key and a replayed proof; the API approves', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const otherKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr, decisionPolicy }, async ({ client, taskQueue }) => {
      const app = await apiFor(test, taskQueue, { decisionSigningKey: apiKey.privateKey });
      try {
        const admin = callerAs(app, 'admin');
        const request = requestFor('vmware-to-azure');
        expect((await admin.inject({ method: 'POST', url: '/v1/migrations', payload: request })).statusCode).toBe(201);
        const statusUrl = `/v1/migrations/${request.machineId}`;
        const status = () => admin.inject({ url: statusUrl }).then((r) => r.json() as MigrationStatus);
        await waitForStage(status, 'AwaitingTestApproval');
        expect((await status()).decisionPolicy).toEqual({ fourEyes: true, signedDecisions: true });
        const workflowId = workflowIdFor(request.machineId);
        const handle: MigrationHandle = client.workflow.getHandle(workflowId);

        const before = await historyLength(handle);
        const plainUpdate = await plainTemporalDecision(test, 'update', workflowId, 'approveTestFailover', { by: 'ana' });
        expect(plainUpdate.code).not.toBe(0);
        expect(plainUpdate.stderr).toMatch(
          /approveTestFailover by ana is refused: this migration accepts only decisions signed by the siteshift API \(proof: is required\)/,
        );
        expect(plainUpdate.stderr).toMatch(/DecisionRejected/);

        const forged = decisionSigner(otherKey.privateKey)({ workflowId, decision: 'approveTestFailover', by: 'ana', roles: ['approver'] });
        const foreign = await updateRefusal(handle, 'approveTestFailover', { by: 'ana', proof: forged });
        expect(foreign.message).toMatch(/the proof is not valid: its signature does not verify against this migration's decision key/);
        expect(foreign.details).toEqual([{ rule: DECISION_RULES.signedDecision }]);
        // A genuine proof names its decision, identity and migration: it serves for nothing else.
        const sign = decisionSigner(apiKey.privateKey);
        const forEve = sign({ workflowId, decision: 'approveTestFailover', by: 'eve', roles: ['approver'] });
        expect((await updateRefusal(handle, 'approveTestFailover', { by: 'ana', proof: forEve })).message).toMatch(
          /signature does not verify/,
        );
        const elsewhere = sign({ workflowId: 'migrate-another-machine', decision: 'approveTestFailover', by: 'ana', roles: ['approver'] });
        expect((await updateRefusal(handle, 'approveTestFailover', { by: 'ana', proof: elsewhere })).message).toMatch(
          /signature does not verify/,
        );
        const viewerOnly = sign({ workflowId, decision: 'approveTestFailover', by: 'ana', roles: ['viewer'] });
        expect((await updateRefusal(handle, 'approveTestFailover', { by: 'ana', proof: viewerOnly })).message).toMatch(
          /its roles \(viewer\) do not include "approver"/,
        );
        expect(await historyLength(handle)).toBe(before);

        const plainSignal = await plainTemporalDecision(test, 'signal', workflowId, 'approveTestFailover', { by: 'ana' });
        expect(plainSignal.code).toBe(0);
        const recorded = await waitUntil('the forged signal recorded', status, (s) => s.decisions.length === 1);
        expect(recorded.stage).toBe('AwaitingTestApproval');
        expect(recorded.decisions).toEqual([
          expect.objectContaining({
            name: 'approveTestFailover',
            via: 'signal',
            by: 'ana',
            accepted: false,
            rejectionReason: expect.stringMatching(/signed by the siteshift API/),
          }),
        ]);
        expect(asr.countOf('cleanupTestFailover')).toBe(0);

        // Through the API: signed with its key for the token's identity.
        const approved = await callerAs(app, 'approver').inject({
          method: 'POST',
          url: `${statusUrl}/decisions/approveTestFailover`,
          payload: {},
        });
        expect(approved.statusCode).toBe(200);
        expect(approved.json().decisions.at(-1)).toMatchObject({
          name: 'approveTestFailover',
          by: TEST_IDENTITIES.approver.name,
          accepted: true,
        });

        // Its proof is in the history for anyone to read, and good for nothing more: its nonce is spent.
        const history = await handle.fetchHistory();
        const accepted = history.events!.find((event) => event.workflowExecutionUpdateAcceptedEventAttributes)!;
        const [sent] = accepted.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!.map((payload) =>
          defaultPayloadConverter.fromPayload<{ by: string; proof: unknown }>(payload),
        );
        expect(sent.proof).toMatchObject({ roles: ['approver'], nonce: expect.stringMatching(/^[0-9a-f]{32}$/) });
        await waitForStage(status, 'AwaitingFailoverApproval');
        const replayedAt = await historyLength(handle);
        expect((await updateRefusal(handle, 'approveTestFailover', sent)).message).toMatch(/its nonce was already used/);
        expect(await historyLength(handle)).toBe(replayedAt);

        const cutover = await callerAs(app, 'secondApprover').inject({
          method: 'POST',
          url: `${statusUrl}/decisions/approveFailover`,
          payload: {},
        });
        expect(cutover.statusCode).toBe(200);
        expect(cutover.json().decisions.at(-1)).toMatchObject({ name: 'approveFailover', by: SECOND_APPROVER.name, accepted: true });
        await waitForStage(status, 'Completed');
      } finally {
        await app.close();
      }
    });
  });

  it('an API without the signing key is refused too (403 naming the rule), and the cancellation keeps the server authority', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy }, async ({ client, taskQueue }) => {
      const app = await apiFor(test, taskQueue);
      try {
        const request = requestFor('hyperv-to-azure');
        expect((await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/migrations', payload: request })).statusCode).toBe(201);
        const status = () =>
          callerAs(app, 'viewer')
            .inject({ url: `/v1/migrations/${request.machineId}` })
            .then((r) => r.json() as MigrationStatus);
        await waitForStage(status, 'AwaitingTestApproval');
        const unsigned = await callerAs(app, 'approver').inject({
          method: 'POST',
          url: `/v1/migrations/${request.machineId}/decisions/approveTestFailover`,
          payload: {},
        });
        expect(unsigned.statusCode).toBe(403);
        expect(unsigned.json()).toMatchObject({ rule: 'signed-decision', detail: expect.stringContaining('proof: is required') });
        await client.workflow.getHandle(workflowIdFor(request.machineId)).cancel();
        expect((await waitForStage(status, 'Aborted')).decisions.at(-1)).toMatchObject({
          name: 'abortMigration',
          via: 'cancellation',
          accepted: true,
        });
      } finally {
        await app.close();
      }
    });
  });
});
