import type { DecisionProof } from '../common/decision-proof';
import { DECISION_RULES, type DecisionPolicy, type DecisionRule } from '../common/decision-policy';
import { fourEyesConflict, sameIdentity } from '../common/four-eyes';
import { issueText } from '../common/field-issues';
import type { MigrationRequest } from '../common/migration-request';
import {
  isWaveDecisionName,
  WAVE_DECISION_LIMITS,
  WAVE_DECISION_NAMES,
  WAVE_DECISIONS,
  type WaveDecision,
  type WaveDecisionName,
} from '../common/wave-decisions';
import type { WaveStage } from '../common/wave-stages';
import { boundedText } from './bounded-text';
import { parseDecisionIn } from '../common/decision-table';
import { threadShared } from './thread-shared';
import { checkSignedDecision, splitProof, type DecisionContext, type ProvenNonce } from './decision-rules';

export type WaveDecisionCheck =
  | ({ ok: true; proven?: ProvenNonce; /** The verified proof, relayed to the machines. */ proof?: DecisionProof } & WaveDecision)
  | { ok: false; reason: string; rule?: DecisionRule; proven?: ProvenNonce };

export interface WaveDecisionContext {
  stage: WaveStage;
  /** The machines a decision would be relayed to (each may name its own approvers). */
  machines: readonly MigrationRequest[];
  pending?: { name: WaveDecisionName; by: string };
  abortedBy?: string;
  acceptedCount: number;
  /** What the wave learned at its start (absent for waves started before it). */
  policy?: DecisionPolicy;
  /** For signed decisions: the wave's workflow id, workflow time, the nonces already spent. */
  proofs?: DecisionContext['proofs'];
  /** Who started the wave (its machines' startedBy, when they name none). */
  startedBy?: string;
  /** Who approved the wave test (the last approveWaveTest accepted). */
  testApprovedBy?: string;
  /** Set in an Update validator: four-eyes is left to the handler, so that its refusals are recorded. */
  inValidator?: boolean;
}

/** Checks a wave decision's name, payload, sender and timing. Pure: safe inside an Update validator. */
export function checkWaveDecision(name: string, raw: unknown, context: WaveDecisionContext): WaveDecisionCheck {
  const verified: { proven?: ProvenNonce; proof?: DecisionProof } = {};
  const refuse = (reason: string, rule?: DecisionRule): WaveDecisionCheck => ({
    ok: false,
    reason: boundedText(reason, 600)!,
    ...(rule ? { rule } : {}),
    ...(verified.proven ? { proven: verified.proven } : {}),
  });
  if (!isWaveDecisionName(name))
    return refuse(`unknown wave decision "${boundedText(name, 60)}": the decisions are ${WAVE_DECISION_NAMES.join(', ')}`);
  const { proof, payload } = splitProof(raw);
  const parsed = parseDecisionIn<WaveDecision>(
    threadShared('wave-decisions', () => WAVE_DECISIONS),
    name,
    payload,
  );
  if (!parsed.success) return refuse(`invalid ${name}: ${parsed.issues.map((issue) => issueText(issue, 'payload')).join('; ')}`);
  const { by } = parsed.data.payload;
  const signed = checkSignedDecision({ name, by, proof, needed: WAVE_DECISIONS[name].role, subject: 'wave' }, context);
  if (signed.proven) verified.proven = signed.proven;
  if (signed.proof) verified.proof = signed.proof;
  if (signed.refusal) return refuse(signed.refusal, DECISION_RULES.signedDecision);
  // The wave relays decisions to its machines as `by`: each machine's approvers bind the wave too.
  const refusing = context.machines.find((m) => m.approval.approvers && !m.approval.approvers.includes(by));
  if (refusing && name !== 'continueWave')
    return refuse(`${by} is not an approver of ${refusing.machineId} (approvers: ${refusing.approval.approvers!.join(', ')})`);
  if (context.abortedBy !== undefined) return refuse(`an abort by ${context.abortedBy} was accepted: the wave is being aborted`);
  const allowed: readonly WaveStage[] = WAVE_DECISIONS[name].allowedStages;
  if (!allowed.includes(context.stage))
    return refuse(`${name} is not allowed in stage ${context.stage} (allowed in: ${allowed.join(', ')})`);
  if (name !== 'abortWave') {
    if (context.pending)
      return refuse(
        `${context.pending.name} by ${context.pending.by} was already accepted here and is being acted on: one decision per waiting point`,
      );
    if (context.acceptedCount >= WAVE_DECISION_LIMITS.MAX_ACCEPTED_DECISIONS)
      return refuse(
        `this wave has had ${context.acceptedCount} accepted decisions, the most one wave keeps: only abortWave is accepted now`,
      );
  }
  // The same four-eyes rules as a machine's cutover: the wave relays this approval to every machine.
  if (name === 'approveWaveCutover' && context.policy?.fourEyes && !context.inValidator) {
    const fourEyes = 'four-eyes: the cutover must be approved by someone else than';
    const conflict = fourEyesConflict(by, { startedBy: context.startedBy, testApprovedBy: context.testApprovedBy });
    // A machine's own starter is refused too, before the test approver (as each machine would refuse it).
    const starter = conflict === 'starter' ? 'the wave' : context.machines.find((m) => sameIdentity(by, m.startedBy))?.machineId;
    if (starter) return refuse(`${fourEyes} whoever started ${starter} (${by} started it)`, DECISION_RULES.fourEyesStarter);
    if (conflict === 'testApprover')
      return refuse(`${fourEyes} whoever approved the wave test (${by} approved it)`, DECISION_RULES.fourEyesTestApprover);
  }
  return { ok: true, ...parsed.data, ...verified };
}
