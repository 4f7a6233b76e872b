import { generateKeyPairSync } from 'node:crypto';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { workflowIdOf } from '../../common/ids';
import type { ProtectionStatus } from '../../common/protection-status';
import { publicKeyHex } from '../../config/decision-policy';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { updateRefusal } from '../support/decision-harness';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import type { MigrationHandle } from '../support/migration-harness';
import { PROTECTED_WITH_HEALTH, protectionRequestFor } from '../support/protection-harness';
import { waitUntil } from '../support/polling';
import { withWorker } from '../support/temporal';

jest.setTimeout(90_000);

describe('signed decisions and four-eyes on a protection (disaster recovery), against the shared dev server', () => {
  it('refuses a forged failover (update: no history event; signal: recorded, nothing fails over), refuses its starter (403 four-eyes-starter), takes the API-signed one', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const otherKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr, decisionPolicy }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue, { decisionSigningKey: apiKey.privateKey });
      const unsignedApp = await apiFor({ client }, taskQueue);
      try {
        // The admin (who may also approve) starts it: startedBy is the admin's identity, from the token.
        const admin = callerAs(app, 'admin');
        const request = protectionRequestFor('hyperv-to-azure');
        const id = request.machineId;
        expect((await admin.inject({ method: 'POST', url: '/v1/protections', payload: request })).statusCode).toBe(201);
        const status = () => admin.inject({ url: `/v1/protections/${id}` }).then((r) => r.json() as ProtectionStatus);
        // Its health watch has answered once: from then on it adds history events only when health changes.
        const protectedStatus = await waitUntil(PROTECTED_WITH_HEALTH.what, status, PROTECTED_WITH_HEALTH.holds, { timeoutMs: 30_000 });
        expect(protectedStatus.decisionPolicy).toEqual({ fourEyes: true, signedDecisions: true });

        const workflowId = workflowIdOf('protectMachine', id);
        const handle: MigrationHandle = client.workflow.getHandle(workflowId);
        const events = async () => (await handle.fetchHistory()).events?.length ?? 0;
        const failover = { by: 'ana', type: 'unplanned' };
        const before = await events();
        const unsigned = await updateRefusal(handle, 'failover', failover);
        expect(unsigned.message).toBe(
          'failover by ana is refused: this protection accepts only decisions signed by the siteshift API (proof: is required)',
        );
        expect(unsigned.details).toEqual([{ rule: DECISION_RULES.signedDecision }]);
        const foreign = decisionSigner(otherKey.privateKey)({ workflowId, decision: 'failover', by: 'ana', roles: ['approver'] });
        expect((await updateRefusal(handle, 'failover', { ...failover, proof: foreign })).message).toMatch(
          /the proof is not valid: its signature does not verify against this protection's decision key/,
        );
        // A genuine proof for another decision, or another machine's protection, serves for nothing else.
        const sign = decisionSigner(apiKey.privateKey);
        const forDrill = sign({ workflowId, decision: 'runDrill', by: 'ana', roles: ['approver'] });
        expect((await updateRefusal(handle, 'failover', { ...failover, proof: forDrill })).message).toMatch(/signature does not verify/);
        const operatorOnly = sign({ workflowId, decision: 'failover', by: 'ana', roles: ['operator'] });
        expect((await updateRefusal(handle, 'failover', { ...failover, proof: operatorOnly })).message).toMatch(
          /its roles \(operator\) do not include "approver"/,
        );
        expect(await events()).toBe(before);

        await handle.signal('failover', failover);
        const recorded = await waitUntil('the forged signal recorded', status, (s) => s.refusedDecisions === 1);
        expect(recorded.stage).toBe('Protected');
        expect(recorded.decisions).toEqual([
          expect.objectContaining({
            name: 'failover',
            via: 'signal',
            by: 'ana',
            accepted: false,
            rejectionReason: expect.stringMatching(/signed by the siteshift API/),
          }),
        ]);

        // An API without the signing key: its decision is refused by the workflow, naming the rule.
        const byUnsignedApi = await callerAs(unsignedApp, 'approver').inject({
          method: 'POST',
          url: `/v1/protections/${id}/decisions/failover`,
          payload: { type: 'unplanned' },
        });
        expect(byUnsignedApi.statusCode).toBe(403);
        expect(byUnsignedApi.json()).toMatchObject({
          rule: DECISION_RULES.signedDecision,
          detail: expect.stringContaining('proof: is required'),
        });

        // Signed, but by whoever started the protection: four-eyes, recorded in the decision log.
        const byStarter = await admin.inject({
          method: 'POST',
          url: `/v1/protections/${id}/decisions/failover`,
          payload: { type: 'unplanned' },
        });
        expect(byStarter.statusCode).toBe(403);
        expect(byStarter.json()).toMatchObject({
          rule: DECISION_RULES.fourEyesStarter,
          detail: expect.stringContaining('four-eyes: failover must be approved by someone else than whoever started the protection'),
        });
        expect((await status()).decisions.at(-1)).toMatchObject({ name: 'failover', by: TEST_IDENTITIES.admin.name, accepted: false });
        expect(dr.countOf('drFailover')).toBe(0);

        // Signed by the API for an approver who did not start it: failed over.
        const approved = await callerAs(app, 'approver').inject({
          method: 'POST',
          url: `/v1/protections/${id}/decisions/failover`,
          payload: { type: 'unplanned', comment: 'outage' },
        });
        expect(approved.statusCode).toBe(200);
        expect(approved.json().decisions.at(-1)).toMatchObject({ name: 'failover', by: TEST_IDENTITIES.approver.name, accepted: true });
        const failedOver = await waitUntil('failed over', status, (s) => s.stage === 'FailedOver');
        expect(failedOver.activeLocation).toBe('Recovery');
        expect(dr.countOf('drFailover')).toBe(1);
      } finally {
        await Promise.all([app.close(), unsignedApp.close()]);
      }
    });
  });
});
