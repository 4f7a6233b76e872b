import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { parseMigrationRequest } from '../../common/migration-request';
import type { Role } from '../../common/roles';
import { confirmCutoverRelay, type WaveCutover } from '../../common/wave-cutover';
import { WAVE_DECISION_NAMES, WAVE_DECISIONS } from '../../common/wave-decisions';
import { publicKeyHex } from '../../config/decision-policy';
import { checkDecision } from '../../workflows/decision-rules';
import { checkWaveDecision, type WaveDecisionContext } from '../../workflows/wave-decision-rules';
import { requestFor } from '../support/requests';

/** The wave's decision rules alone (pure, as the workflow runs them), over generated names, policies and proofs. */
describe('wave decision rules: four-eyes and signed decisions, property-based', () => {
  const person = fc.constantFrom('ana', 'Ana', ' ana ', 'ben', 'BEN', 'olga', 'eve');
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  it('accepts a wave cutover approval exactly when four-eyes is off or the approver started neither the wave nor a machine nor approved the test', () => {
    fc.assert(
      fc.property(
        person,
        fc.option(person, { nil: undefined }),
        fc.option(person, { nil: undefined }),
        person,
        fc.boolean(),
        fc.boolean(),
        (by, waveStarter, machineStarter, tester, fourEyes, inValidator) => {
          const context: WaveDecisionContext = {
            stage: 'AwaitingWaveCutoverApproval',
            machines: [parseMigrationRequest(requestFor('vmware-to-azure', { startedBy: machineStarter }))],
            acceptedCount: 1,
            policy: { fourEyes },
            startedBy: waveStarter,
            testApprovedBy: tester,
            inValidator,
          };
          const check = checkWaveDecision('approveWaveCutover', { by }, context);
          const starterRefused = [waveStarter, machineStarter].some((s) => s !== undefined && same(by, s));
          const refused = fourEyes && !inValidator && (starterRefused || same(by, tester));
          expect(check.ok).toBe(!refused);
          if (!check.ok) expect(check.rule).toBe(starterRefused ? DECISION_RULES.fourEyesStarter : DECISION_RULES.fourEyesTestApprover);
          // The test approval and the other wave decisions are never held by it.
          const test = checkWaveDecision('approveWaveTest', { by }, { ...context, stage: 'AwaitingWaveTestApproval' });
          expect(test.ok).toBe(true);
        },
      ),
    );
  });

  it('under signed decisions, accepts a wave decision only with a proof for this wave, this decision, its by and a role granting it', () => {
    const key = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const workflowId = 'wave-crm';
    const nowMs = Date.now();
    fc.assert(
      fc.property(
        fc.constantFrom(...WAVE_DECISION_NAMES),
        fc.constantFrom(...WAVE_DECISION_NAMES),
        fc.constantFrom('wave-crm', 'wave-other', 'migrate-crm'),
        fc.constantFrom<Role[]>(['viewer'], ['operator'], ['approver'], ['admin']),
        fc.boolean(),
        (name, signedName, signedFor, roles, rightKey) => {
          const proof = decisionSigner((rightKey ? key : other).privateKey)({
            workflowId: signedFor,
            decision: signedName,
            by: 'ana',
            roles,
          });
          const payload = { by: 'ana', ...(name === 'abortWave' ? { reason: 'why' } : {}), proof };
          const check = checkWaveDecision(name, payload, {
            stage: WAVE_DECISIONS[name].allowedStages[0],
            machines: [],
            acceptedCount: 0,
            policy: { fourEyes: false, decisionPublicKey: publicKeyHex(key.publicKey) },
            proofs: { workflowId, nowMs, nonceUsed: () => false },
          });
          const roleGrants = roles.includes('admin') || roles.includes(WAVE_DECISIONS[name].role);
          const verifies = rightKey && signedFor === workflowId && signedName === name;
          expect(check.ok).toBe(verifies && roleGrants);
          if (!check.ok) expect(check.rule).toBe(DECISION_RULES.signedDecision);
          if (!check.ok && !verifies) expect(check.reason).toContain("its signature does not verify against this wave's decision key");
          expect(check.proven !== undefined).toBe(verifies);
        },
      ),
    );
  });

  it('a machine accepts a relayed wave decision only with the proof of the matching decision of its parent wave, never a cutover', () => {
    const key = generateKeyPairSync('ed25519');
    const relays = { approveTestFailover: 'approveWaveTest', requestRetest: 'requestWaveRetest', abortMigration: 'abortWave' } as const;
    const stageOf = {
      approveTestFailover: 'AwaitingTestApproval',
      requestRetest: 'AwaitingTestApproval',
      abortMigration: 'AwaitingTestApproval',
      approveFailover: 'AwaitingFailoverApproval',
    } as const;
    fc.assert(
      fc.property(
        fc.constantFrom('approveTestFailover', 'requestRetest', 'abortMigration', 'approveFailover'),
        fc.constantFrom(...WAVE_DECISION_NAMES),
        fc.constantFrom('wave-crm', 'wave-other'),
        fc.option(fc.constantFrom('wave-crm', 'wave-other'), { nil: undefined }),
        (name, signedName, signedFor, parentWaveId) => {
          const proof = decisionSigner(key.privateKey)({ workflowId: signedFor, decision: signedName, by: 'ana', roles: ['admin'] });
          const check = checkDecision(
            name,
            { by: 'ana', ...(name === 'abortMigration' ? { reason: 'why' } : {}), proof },
            {
              stage: stageOf[name],
              request: parseMigrationRequest(requestFor('vmware-to-azure')),
              acceptedCount: 0,
              policy: { fourEyes: false, decisionPublicKey: publicKeyHex(key.publicKey) },
              proofs: { workflowId: 'migrate-m1', nowMs: Date.now(), nonceUsed: () => false, ...(parentWaveId ? { parentWaveId } : {}) },
            },
          );
          const relayed = name !== 'approveFailover' && signedFor === parentWaveId && signedName === relays[name];
          expect(check.ok).toBe(relayed);
        },
      ),
    );
  });

  it('a machine holds an approveFailover without a valid proof for its wave to confirm only when sent by signal to a child of a wave, without notBefore', () => {
    const key = generateKeyPairSync('ed25519');
    fc.assert(
      fc.property(
        fc.constantFrom('approveFailover', 'approveTestFailover', 'abortMigration'),
        fc.option(fc.constantFrom('wave-crm', 'wave-other'), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (name, parentWaveId, mayConfirm, withNotBefore, withForeignProof, approvedTheTest) => {
          const proof = withForeignProof
            ? decisionSigner(key.privateKey)({ workflowId: 'wave-crm', decision: 'approveWaveCutover', by: 'ana', roles: ['admin'] })
            : undefined;
          const payload = {
            by: 'ana',
            ...(name === 'abortMigration' ? { reason: 'why' } : {}),
            ...(withNotBefore && name === 'approveFailover' ? { notBefore: '2026-12-01T22:00:00Z' } : {}),
            ...(proof ? { proof } : {}),
          };
          const check = checkDecision(name, payload, {
            stage: name === 'approveFailover' ? 'AwaitingFailoverApproval' : 'AwaitingTestApproval',
            request: parseMigrationRequest(requestFor('vmware-to-azure')),
            acceptedCount: 0,
            policy: { fourEyes: true, decisionPublicKey: publicKeyHex(key.publicKey) },
            proofs: { workflowId: 'migrate-m1', nowMs: Date.now(), nonceUsed: () => false, ...(parentWaveId ? { parentWaveId } : {}) },
            ...(mayConfirm === undefined ? {} : { mayConfirmWithWave: () => mayConfirm }),
            ...(approvedTheTest ? { testApprovedBy: 'ana' } : {}),
          });
          const confirmable = name === 'approveFailover' && parentWaveId !== undefined && mayConfirm === true && !withNotBefore;
          // Held for the wave, the approval still answers to the machine's own rules (four-eyes here).
          const held = confirmable && !approvedTheTest;
          expect(check.ok).toBe(held);
          if (check.ok) expect(check.confirmWithWave).toBe(parentWaveId);
          else expect(check.rule).toBe(confirmable ? DECISION_RULES.fourEyesTestApprover : DECISION_RULES.signedDecision);
        },
      ),
    );
  });

  it("a wave confirms a machine's cutover relay only with a verified approval by that same by, for the group it cuts over now, inside the window", () => {
    const t0 = Date.parse('2026-12-05T21:00:00Z');
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.option(fc.constantFrom('bob', 'ana'), { nil: undefined }),
        fc.constantFrom('bob', 'ana', 'Bob'),
        fc.option(fc.constantFrom<string[]>(['m1'], ['m2'], ['m1', 'm2']), { nil: undefined }),
        fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
        fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
        (signedDecisions, approvedBy, by, machineIds, startOffset, endOffset) => {
          const answer: WaveCutover = {
            wave: 'crm',
            signedDecisions,
            ...(approvedBy ? { approval: { by: approvedBy, comment: 'window agreed' } } : {}),
            ...(startOffset !== undefined ? { notBeforeMs: t0 + startOffset * 60_000 } : {}),
            ...(endOffset !== undefined ? { notAfterMs: t0 + endOffset * 60_000 } : {}),
            ...(machineIds ? { cuttingOver: { group: 'database', machineIds } } : {}),
          };
          const confirmation = confirmCutoverRelay(answer, { waveWorkflowId: 'wave-crm', machineId: 'm1', by, nowMs: t0 });
          const inside = (startOffset === undefined || startOffset <= 0) && (endOffset === undefined || endOffset > 0);
          const due = signedDecisions && approvedBy === by && (machineIds?.includes('m1') ?? false) && inside;
          expect(confirmation.confirmed).toBe(due);
          if (confirmation.confirmed) expect(confirmation).toEqual({ confirmed: true, by, comment: 'wave crm: window agreed' });
          else expect(confirmation.reason).toMatch(/^wave-crm/);
        },
      ),
    );
  });
});
