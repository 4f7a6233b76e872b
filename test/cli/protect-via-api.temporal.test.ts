import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ProtectionClient } from '../../client/protection-client';
import { EXIT } from '../../cli/exit-codes';
import type { Role } from '../../common/roles';
import { publicKeyHex } from '../../config/decision-policy';
import { apiFor, TEST_IDENTITIES } from '../support/api';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import {
  PROTECTED_WITH_HEALTH,
  protectionRequestFor,
  waitForProtection,
  waitForProtectionStage,
  waitForReadiness,
} from '../support/protection-harness';
import { runCliInProcess } from '../support/run-cli-in-process';
import { withWorker } from '../support/temporal';

describe('siteshift protect through the HTTP API (SITESHIFT_API_URL)', () => {
  it("starts, reads and drills a protection as the token's identity, with the API's roles, signed decisions and the workflow's refusals", async () => {
    const dr = new InMemoryDisasterRecovery();
    // Signed decisions on: every decision below goes through only because the API signs it.
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: dr, decisionPolicy }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue, { decisionSigningKey: apiKey.privateKey });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        // No reachable Temporal here: a run that went to Temporal directly would fail to connect.
        const as = (role: Role, args: string[], stdin?: string) =>
          runCliInProcess(['protect', ...args], {
            stdin,
            env: { SITESHIFT_API_URL: url, SITESHIFT_API_TOKEN: TEST_IDENTITIES[role].token, TEMPORAL_ADDRESS: '127.0.0.1:1' },
          });
        const protections = new ProtectionClient(client, taskQueue);
        const request = protectionRequestFor('hyperv-to-azure');
        const id = request.machineId;

        const refused = await as('viewer', ['start', '-'], JSON.stringify(request));
        expect(refused.code).toBe(8);
        expect(refused.stderr).toMatch(/403/);
        const started = await as('admin', ['start', '-'], JSON.stringify(request));
        expect(started).toMatchObject({ code: 0, stderr: '' });
        expect(started.stdout).toContain(`protection started: ${id} (protect-${id})`);
        expect((await as('operator', ['start', '-'], JSON.stringify(request))).stdout).toContain(`already protected: ${id}`);
        await waitForReadiness(protections, id, PROTECTED_WITH_HEALTH);

        const status = await as('viewer', ['status', id]);
        expect(status.code).toBe(0);
        expect(status.stdout).toMatch(/^Stage: +Protected$/m);
        expect(status.stdout).toMatch(/^Health: +Normal +RPO: \d+ s \(threshold \d+ s\)$/m);

        // The decision is the token identity's: --by and --signal are refused, the role is the API's.
        expect((await as('operator', ['drill', id, '--by', 'mallory'])).code).toBe(2);
        expect((await as('operator', ['drill', id, '--signal'])).code).toBe(2);
        expect((await as('operator', ['failover', id, '--type', 'planned'])).code).toBe(8);
        const tooEarly = await as('approver', ['commit', id]);
        expect(tooEarly.code).toBe(5);
        expect(tooEarly.stderr).toContain('commit rejected');
        expect((await as('viewer', ['status', 'no-such-machine'])).code).toBe(EXIT.notFound);

        const drill = await as('operator', ['drill', id, '--comment', 'quarterly', '--json']);
        expect(drill.code).toBe(0);
        expect(JSON.parse(drill.stdout).decisions.at(-1)).toMatchObject({
          name: 'runDrill',
          by: TEST_IDENTITIES.operator.name,
          accepted: true,
        });
        await waitForProtectionStage(protections, id, 'AwaitingDrillSignOff');
        expect((await as('approver', ['drill', id, '--sign-off'])).code).toBe(0);
        const after = await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);
        expect(after.drills[0]).toMatchObject({
          result: 'passed',
          by: TEST_IDENTITIES.operator.name,
          endedBy: TEST_IDENTITIES.approver.name,
          comment: 'quarterly',
        });
        // Four-eyes: whoever started the protection (the admin's token) does not stop it.
        const byStarter = await as('admin', ['stop', id, '--reason', 'test over']);
        expect(byStarter.code).toBe(5);
        expect(byStarter.stderr).toContain(
          'four-eyes: stopProtection must be approved by someone else than whoever started the protection',
        );
        expect((await as('approver', ['stop', id, '--reason', 'test over'])).code).toBe(0);
        await waitForProtectionStage(protections, id, 'ProtectionStopped');
      } finally {
        await app.close();
      }
    });
  });
});
