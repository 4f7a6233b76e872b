import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { PROTECTION_DECISION_NAMES, PROTECTION_DECISIONS, type ProtectionDecisionName } from '../../common/protection-decisions';
import { parseProtectionRequest } from '../../common/protection-request';
import type { ProtectionStage } from '../../common/protection-stages';
import { mayActAs, type Role } from '../../common/roles';
import { publicKeyHex } from '../../config/decision-policy';
import { protectionDecisionRightsFor } from '../../api/me-routes';
import { protectionFourEyesBlock } from '../../console/app/rules';
import { checkProtectionDecision, type ProtectionDecisionContext } from '../../workflows/protection-rules';
import { protectionRequestFor } from '../support/protection-harness';

/** A Hyper-V protection's decisions, each with a payload and a stage where the rules otherwise accept it. */
const SAMPLES: Record<ProtectionDecisionName, { stage: ProtectionStage; payload: Record<string, unknown> }> = {
  runDrill: { stage: 'Protected', payload: {} },
  approveDrill: { stage: 'AwaitingDrillSignOff', payload: {} },
  abortDrill: { stage: 'Drilling', payload: { reason: 'wrong network' } },
  failover: { stage: 'Protected', payload: { type: 'planned' } },
  changeRecoveryPoint: { stage: 'FailedOver', payload: { recoveryPoint: 'LatestProcessed' } },
  commit: { stage: 'FailedOver', payload: {} },
  reprotect: { stage: 'FailbackCommitted', payload: {} },
  failback: { stage: 'FailoverCommitted', payload: { dataSync: 'beforeFailover' } },
  convertToMigration: { stage: 'Protected', payload: {} },
  stopProtection: { stage: 'Protected', payload: { reason: 'decommissioned' } },
};

/** The protection's decision rules alone (pure, as protectMachine runs them), over generated names, people and proofs. */
describe('protection decision rules: four-eyes and signed decisions, property-based', () => {
  const person = fc.constantFrom('ana', 'Ana', ' ana ', 'ben', 'BEN', 'olga');
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const decisionName = fc.constantFrom(...PROTECTION_DECISION_NAMES);
  const contextFor = (name: ProtectionDecisionName, startedBy?: string): ProtectionDecisionContext => ({
    stage: SAMPLES[name].stage,
    request: parseProtectionRequest(protectionRequestFor('hyperv-to-azure', { machineId: 'hv-db-01', startedBy })),
  });

  it('every sample is accepted without a policy (so a refusal below is the rule under test)', () => {
    for (const name of PROTECTION_DECISION_NAMES) {
      expect(checkProtectionDecision(name, { ...SAMPLES[name].payload, by: 'ana' }, contextFor(name, 'ana'))).toMatchObject({ ok: true });
    }
  });

  it('refuses a fourEyes decision by whoever started the protection, naming four-eyes-starter, in the handler only; never another decision', () => {
    fc.assert(
      fc.property(
        decisionName,
        person,
        fc.option(person, { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (name, by, startedBy, fourEyes, inValidator) => {
          const context = { ...contextFor(name, startedBy), policy: { fourEyes }, inValidator };
          const check = checkProtectionDecision(name, { ...SAMPLES[name].payload, by }, context);
          const fourEyesDecision = (PROTECTION_DECISIONS[name] as { fourEyes?: true }).fourEyes === true;
          const refused = fourEyesDecision && fourEyes && !inValidator && startedBy !== undefined && same(by, startedBy);
          expect(check.ok).toBe(!refused);
          // The console disables the decision for its reader exactly when the handler refuses it (GET /v1/me marks fourEyes).
          const right = protectionDecisionRightsFor(['admin']).find((r) => r.name === name)!;
          const shown = protectionFourEyesBlock(by, right, { decisionPolicy: { fourEyes }, startedBy });
          expect(shown !== undefined).toBe(fourEyesDecision && fourEyes && startedBy !== undefined && same(by, startedBy));
          if (!check.ok) {
            expect(check.rule).toBe(DECISION_RULES.fourEyesStarter);
            expect(check.reason).toContain(`four-eyes: ${name} must be approved by someone else than whoever started the protection`);
          }
        },
      ),
    );
    // The steps that move production, make it final or leave the machine unprotected: the one list.
    expect(PROTECTION_DECISION_NAMES.filter((name) => (PROTECTION_DECISIONS[name] as { fourEyes?: true }).fourEyes)).toEqual([
      'failover',
      'failback',
      'convertToMigration',
      'stopProtection',
    ]);
  });

  it('under signed decisions, accepts a decision only with a proof for this protection, this decision, its by and a role granting it', () => {
    const key = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const workflowId = 'protect-hv-db-01';
    const nowMs = Date.now();
    fc.assert(
      fc.property(
        decisionName,
        decisionName,
        fc.constantFrom(workflowId, 'protect-other', 'migrate-hv-db-01'),
        fc.constantFrom<Role[]>(['viewer'], ['operator'], ['approver'], ['admin']),
        fc.constantFrom('ana', 'ben'),
        fc.boolean(),
        fc.boolean(),
        (name, signedName, signedFor, roles, signedBy, foreignKey, spent) => {
          const proof = decisionSigner((foreignKey ? other : key).privateKey)({
            workflowId: signedFor,
            decision: signedName,
            by: signedBy,
            roles,
          });
          const context: ProtectionDecisionContext = {
            ...contextFor(name, 'olga'),
            policy: { fourEyes: true, decisionPublicKey: publicKeyHex(key.publicKey) },
            proofs: { workflowId, nowMs, nonceUsed: (nonce) => spent && nonce === proof.nonce },
          };
          const check = checkProtectionDecision(name, { ...SAMPLES[name].payload, by: 'ana', proof }, context);
          const verifies = !foreignKey && signedName === name && signedFor === workflowId && signedBy === 'ana';
          expect(check.ok).toBe(verifies && !spent && mayActAs(roles, PROTECTION_DECISIONS[name].role));
          if (!check.ok) expect(check.rule).toBe(DECISION_RULES.signedDecision);
          // The refusal names the kind of workflow whose key the signature failed.
          if (!check.ok && !verifies)
            expect(check.reason).toContain("its signature does not verify against this protection's decision key");
          // Only a proof whose signature verified spends its nonce, accepted or not.
          expect(check.proven !== undefined).toBe(verifies);
          expect(checkProtectionDecision(name, { ...SAMPLES[name].payload, by: 'ana' }, context)).toMatchObject({
            ok: false,
            rule: DECISION_RULES.signedDecision,
            reason: expect.stringContaining('this protection accepts only decisions signed by the siteshift API (proof: is required)'),
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('takes no decision while the protection is still learning its policy', () => {
    for (const name of PROTECTION_DECISION_NAMES) {
      const check = checkProtectionDecision(name, { ...SAMPLES[name].payload, by: 'ana' }, { ...contextFor(name), policyPending: true });
      expect(check).toMatchObject({ ok: false, reason: expect.stringContaining('still learning its decision policy') });
    }
  });
});
