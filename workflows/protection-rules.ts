import { issueText } from '../common/field-issues';
import {
  PROTECTION_DECISION_NAMES,
  PROTECTION_DECISIONS,
  isProtectionDecisionName,
  parseProtectionDecision,
  scenarioRefusal,
  type ProtectionDecision,
  type ProtectionDecisionName,
} from '../common/protection-decisions';
import type { ProtectionRequest } from '../common/protection-request';
import type { ProtectionStage } from '../common/protection-stages';
import { DECISION_LIMITS } from '../common/decisions';
import { boundedText } from './bounded-text';
import { refusalMessages } from './decision-rules';

export type ProtectionDecisionCheck = ({ ok: true } & ProtectionDecision) | { ok: false; reason: string };

export interface ProtectionDecisionContext {
  stage: ProtectionStage;
  request: ProtectionRequest;
  /** A decision accepted at the current waiting point that the workflow has not acted on yet. */
  pending?: { name: ProtectionDecisionName; by: string };
  /** Set once an abort of the running drill was accepted. */
  drillAbortedBy?: string;
}

/**
 * Checks a protection decision's name, payload, sender, timing and what ASR allows the source. Pure: safe in
 * an Update validator. A refusal's reason is bounded and names the field at fault.
 */
export function checkProtectionDecision(name: string, raw: unknown, context: ProtectionDecisionContext): ProtectionDecisionCheck {
  const refuse = (reason: string): ProtectionDecisionCheck => ({
    ok: false,
    reason: boundedText(reason, DECISION_LIMITS.REFUSAL_REASON_CHARS)!,
  });
  if (!isProtectionDecisionName(name)) {
    return refuse(`unknown decision "${boundedText(name, 60)}": the decisions are ${PROTECTION_DECISION_NAMES.join(', ')}`);
  }
  const parsed = parseProtectionDecision(name, raw, refusalMessages);
  if (!parsed.success) return refuse(`invalid ${name}: ${parsed.issues.map((issue) => issueText(issue, 'payload')).join('; ')}`);
  const decision = parsed.data;
  const { by } = decision.payload;
  const approvers = context.request.approval.approvers;
  if (approvers && !approvers.includes(by)) {
    return refuse(`${by} is not an approver of this machine's protection (approvers: ${approvers.join(', ')})`);
  }
  const allowed: readonly ProtectionStage[] = PROTECTION_DECISIONS[name].allowedStages;
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
  return { ok: true, ...decision };
}
