import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { PROOF_WINDOW } from '../../common/decision-proof';
import { parseMigrationRequest } from '../../common/migration-request';
import { publicKeyHex } from '../../config/decision-policy';
import { checkDecision, type DecisionContext } from '../../workflows/decision-rules';
import type { MigrationStatus } from '../../common/migration-status';
import { fourEyesBlock } from '../../console/app/rules';
import { requestFor } from '../support/requests';

/** The decision rules alone (pure, as the workflow runs them), over generated names, times and proofs. */
describe('decision rules: four-eyes and signed decisions, property-based', () => {
  const person = fc.constantFrom('ana', 'Ana', ' ana ', 'ben', 'BEN', 'olga', 'eve');
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  it('accepts a cutover approval exactly when four-eyes is off or the approver is neither the starter nor the test approver', () => {
    fc.assert(
      fc.property(
        person,
        fc.option(person, { nil: undefined }),
        person,
        fc.boolean(),
        fc.boolean(),
        person,
        (by, startedBy, tester, fourEyes, inValidator, refusedTester) => {
          const context: DecisionContext = {
            stage: 'AwaitingFailoverApproval',
            request: parseMigrationRequest(requestFor('vmware-to-azure', { startedBy })),
            testApprovedBy: tester,
            acceptedCount: 1,
            policy: { fourEyes },
            inValidator,
          };
          const check = checkDecision('approveFailover', { by }, context);
          const starterRefused = startedBy !== undefined && same(by, startedBy);
          const testerRefused = same(by, tester);
          // In an Update validator the rule is left to the handler, so that its refusal is recorded.
          const refused = fourEyes && !inValidator && (starterRefused || testerRefused);
          expect(check.ok).toBe(!refused);
          if (!check.ok) expect(check.rule).toBe(starterRefused ? DECISION_RULES.fourEyesStarter : DECISION_RULES.fourEyesTestApprover);
          // Other decisions are never held by it.
          expect(checkDecision('abortMigration', { by, reason: 'x' }, context).ok).toBe(true);
          // The console disables the cutover for its reader exactly when the workflow's handler refuses it.
          // A refused test approval before the accepted one is no test approver.
          const decisions = [
            { name: 'approveTestFailover', by: refusedTester, accepted: false },
            { name: 'approveTestFailover', by: tester, accepted: true },
          ] as MigrationStatus['decisions'];
          const shown = fourEyesBlock(by, 'approveFailover', {
            decisionPolicy: { fourEyes, signedDecisions: false },
            startedBy,
            decisions,
          });
          expect(shown !== undefined).toBe(fourEyes && (starterRefused || testerRefused));
        },
      ),
    );
  });

  it('accepts a signed decision only with a valid proof, issued within the window of workflow time, whose nonce is unspent', () => {
    const key = generateKeyPairSync('ed25519');
    const sign = decisionSigner(key.privateKey);
    const policy = { fourEyes: true, decisionPublicKey: publicKeyHex(key.publicKey) };
    const workflowId = 'migrate-vmw-01';
    const request = parseMigrationRequest(requestFor('vmware-to-azure'));
    fc.assert(
      fc.property(
        fc.integer({ min: -2 * PROOF_WINDOW.maxAheadMs, max: 2 * PROOF_WINDOW.maxAgeMs }),
        fc.boolean(),
        fc.constantFrom('approver', 'admin', 'operator', 'viewer') as fc.Arbitrary<'approver' | 'admin' | 'operator' | 'viewer'>,
        (ageMs, spent, role) => {
          const proof = sign({ workflowId, decision: 'approveTestFailover', by: 'ana', roles: [role] });
          const nowMs = Date.parse(proof.issuedAt) + ageMs;
          const context: DecisionContext = {
            stage: 'AwaitingTestApproval',
            request,
            acceptedCount: 0,
            policy,
            proofs: { workflowId, nowMs, nonceUsed: (nonce) => spent && nonce === proof.nonce },
          };
          const check = checkDecision('approveTestFailover', { by: 'ana', proof }, context);
          const inWindow = ageMs <= PROOF_WINDOW.maxAgeMs && ageMs >= -PROOF_WINDOW.maxAheadMs;
          expect(check.ok).toBe(inWindow && !spent && (role === 'approver' || role === 'admin'));
          // The signature held, so the nonce is spent whatever the outcome.
          expect(check.proven).toEqual({ nonce: proof.nonce, issuedAtMs: Date.parse(proof.issuedAt) });
          if (!check.ok) expect(check.rule).toBe(DECISION_RULES.signedDecision);

          const unsigned = checkDecision('approveTestFailover', { by: 'ana' }, context);
          expect(unsigned).toMatchObject({ ok: false, rule: DECISION_RULES.signedDecision });
          expect(unsigned.proven).toBeUndefined();
          // Signed decisions off: plain decisions keep working, a proof is not looked at.
          const off = { ...context, policy: { fourEyes: true } };
          expect(checkDecision('approveTestFailover', { by: 'ana' }, off).ok).toBe(true);
          expect(checkDecision('approveTestFailover', { by: 'ana', proof }, off).ok).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a malformed proof naming its field, and a tampered one', () => {
    const key = generateKeyPairSync('ed25519');
    const proof = decisionSigner(key.privateKey)({ workflowId: 'w', decision: 'abortMigration', by: 'olga', roles: ['operator'] });
    const context: DecisionContext = {
      stage: 'AwaitingTestApproval',
      request: parseMigrationRequest(requestFor('aws-to-azure')),
      acceptedCount: 0,
      policy: { fourEyes: true, decisionPublicKey: publicKeyHex(key.publicKey) },
      proofs: { workflowId: 'w', nowMs: Date.parse(proof.issuedAt), nonceUsed: () => false },
    };
    const payload = { by: 'olga', reason: 'r' };
    expect(checkDecision('abortMigration', { ...payload, proof }, context).ok).toBe(true);
    expect(checkDecision('abortMigration', { ...payload, proof: { ...proof, extra: 1 } }, context)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('proof: unknown key "extra"'),
    });
    expect(checkDecision('abortMigration', { ...payload, proof: { ...proof, signature: 'zz' } }, context)).toMatchObject({
      reason: expect.stringContaining('proof.signature: must be an Ed25519 signature'),
    });
    expect(checkDecision('abortMigration', { ...payload, reason: 'other', proof }, context).ok).toBe(true); // the reason is not signed
    expect(checkDecision('abortMigration', { ...payload, proof: { ...proof, roles: ['admin'] } }, context)).toMatchObject({
      reason: expect.stringContaining("signature does not verify against this migration's decision key"),
    });
    // The cancellation carries the server's authority and no proof.
    expect(checkDecision('abortMigration', { by: 'temporal-cancel', reason: 'x' }, { ...context, serverAuthority: true }).ok).toBe(true);
  });
});
