import { issueText } from '../common/field-issues';
import {
  PROTECTION_DECISION_NAMES,
  PROTECTION_DECISIONS,
  isProtectionDecisionName,
  scenarioRefusal,
  type ProtectionDecision,
  type ProtectionDecisionDefinition,
  type ProtectionDecisionName,
} from '../common/protection-decisions';
import type { ProtectionRequest } from '../common/protection-request';
import type { ProtectionStage } from '../common/protection-stages';
import { DECISION_LIMITS } from '../common/decisions';
import { DECISION_RULES, sameIdentity, type DecisionRule } from '../common/decision-policy';
import { boundedText } from './bounded-text';
import { parseDecisionIn } from '../common/decision-table';
import { threadShared } from './thread-shared';
import { checkSignedDecision, refusalMessages, splitProof, type DecisionContext, type ProvenNonce } from './decision-rules';

export type ProtectionDecisionCheck =
  ({ ok: true; proven?: ProvenNonce } & ProtectionDecision) | { ok: false; reason: string; rule?: DecisionRule; proven?: ProvenNonce };

/** policy and proofs: what the protection learned at its start (absent for protections started before it). */
export interface ProtectionDecisionContext extends Pick<DecisionContext, 'policy' | 'proofs'> {
  stage: ProtectionStage;
  request: ProtectionRequest;
  /** A decision accepted at the current waiting point that the workflow has not acted on yet. */
  pending?: { name: ProtectionDecisionName; by: string };
  /** Set once an abort of the running drill was accepted. */
  drillAbortedBy?: string;
  /** Set in an Update validator: four-eyes is left to the handler, so that its refusals are recorded. */
  inValidator?: boolean;
  /** The protection is asking the worker for its decision policy: no decision can be checked against it yet. */
  policyPending?: boolean;
}

/**
 * Checks a protection decision's name, payload, proof (signed decisions), sender, timing, four-eyes and what
 * ASR allows the source: the same rules as a migration's decisions. Pure: safe in an Update validator. A
 * refusal's reason is bounded and names the field or rule at fault.
 */
export function checkProtectionDecision(name: string, raw: unknown, context: ProtectionDecisionContext): ProtectionDecisionCheck {
  /** Set once a proof's signature verified: its nonce is spent, whether the decision is then accepted or not. */
  const verified: { proven?: ProvenNonce } = {};
  const refuse = (reason: string, rule?: DecisionRule): ProtectionDecisionCheck => ({
    ok: false,
    reason: boundedText(reason, DECISION_LIMITS.REFUSAL_REASON_CHARS)!,
    ...(rule ? { rule } : {}),
    ...verified,
  });
  if (!isProtectionDecisionName(name)) {
    return refuse(`unknown decision "${boundedText(name, 60)}": the decisions are ${PROTECTION_DECISION_NAMES.join(', ')}`);
  }
  // The proof travels beside the payload's fields; the payload itself is checked against its schema.
  const { proof, payload } = splitProof(raw);
  const parsed = parseDecisionIn<ProtectionDecision>(
    threadShared('protection-decisions', () => PROTECTION_DECISIONS),
    name,
    payload,
    refusalMessages,
  );
  if (!parsed.success) return refuse(`invalid ${name}: ${parsed.issues.map((issue) => issueText(issue, 'payload')).join('; ')}`);
  const decision = parsed.data;
  const { by } = decision.payload;
  const definition: ProtectionDecisionDefinition = PROTECTION_DECISIONS[name];
  if (context.policyPending)
    return refuse(
      `${name} by ${by} is refused: the protection is still learning its decision policy from the worker; send it again in a moment`,
    );
  const signed = checkSignedDecision({ name, by, proof, needed: definition.role, subject: 'protection' }, context);
  if (signed.proven) verified.proven = signed.proven;
  if (signed.refusal) return refuse(signed.refusal, DECISION_RULES.signedDecision);
  const approvers = context.request.approval.approvers;
  if (approvers && !approvers.includes(by)) {
    return refuse(`${by} is not an approver of this machine's protection (approvers: ${approvers.join(', ')})`);
  }
  const allowed: readonly ProtectionStage[] = definition.allowedStages;
  if (!allowed.includes(context.stage)) {
    return refuse(`${name} is not allowed in stage ${context.stage} (allowed in: ${allowed.join(', ')})`);
  }
  if (name === 'abortDrill') {
    if (context.drillAbortedBy !== undefined) return refuse(`the drill is already being aborted by ${context.drillAbortedBy}`);
  } else if (context.pending) {
    return refuse(
      `${context.pending.name} by ${context.pending.by} was already accepted here and is being acted on: one decision per waiting point`,
    );
  }
  const refusal = scenarioRefusal(decision, context.request.scenario, context.stage);
  if (refusal) return refuse(`${name} refused for ${context.request.machineId}: ${refusal}`);
  if (definition.fourEyes && context.policy?.fourEyes && !context.inValidator && sameIdentity(by, context.request.startedBy)) {
    return refuse(
      `four-eyes: ${name} must be approved by someone else than whoever started the protection (${by} started it)`,
      DECISION_RULES.fourEyesStarter,
    );
  }
  return { ok: true, ...decision, ...verified };
}
