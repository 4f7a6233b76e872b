import {
  DECISION_LIMITS,
  DECISION_NAMES,
  DECISIONS,
  isDecisionName,
  parseDecision,
  type Decision,
  type DecisionName,
} from '../common/decisions';
import { fieldMessages, issueText } from '../common/field-issues';
import type { MigrationRequest } from '../common/migration-request';
import type { Stage } from '../common/stages';
import { boundedText } from './bounded-text';

/** What a refusal calls the payload itself, e.g. "payload: unknown key \"approver\"". */
const PAYLOAD_ROOT = 'payload';

/**
 * The shared field messages, with unknown keys named as refusals keep them: cut short and with control
 * characters replaced (boundedText), at most five.
 */
export const refusalMessages = {
  error: (issue: Parameters<typeof fieldMessages.error>[0]): string | undefined => {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) return fieldMessages.error(issue);
    const named = issue.keys.slice(0, 5).map((key) => `"${boundedText(key, 40)}"`);
    const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '';
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${named.join(', ')}${more}`;
  },
};

export type DecisionCheck = ({ ok: true } & Decision) | { ok: false; reason: string };

export interface DecisionContext {
  stage: Stage;
  request: MigrationRequest;
  /** Who approved the failover, while that approval stands (not cancelled). */
  failoverApprovedBy?: string;
  /** A decision accepted at the current waiting point that the workflow has not acted on yet. */
  pending?: { name: DecisionName; by: string };
  /** Set once an abort was accepted: the migration is being aborted. */
  abortedBy?: string;
  /** Accepted decisions so far, not counting an abort. */
  acceptedCount: number;
  /** The decision is Temporal's cancellation request: it carries the server's authority, not an approver's. */
  serverAuthority?: boolean;
}

/**
 * Checks a decision's name, payload, sender and timing. Pure: safe inside an Update validator. A refusal's
 * reason is bounded (DECISION_LIMITS.REFUSAL_REASON_CHARS) and names the field at fault.
 */
export function checkDecision(name: string, raw: unknown, context: DecisionContext): DecisionCheck {
  const refuse = (reason: string): DecisionCheck => ({ ok: false, reason: boundedText(reason, DECISION_LIMITS.REFUSAL_REASON_CHARS)! });
  if (!isDecisionName(name)) {
    return refuse(`unknown decision "${boundedText(name, 60)}": the decisions are ${DECISION_NAMES.join(', ')}`);
  }
  const parsed = parseDecision(name, raw, refusalMessages);
  if (!parsed.success) return refuse(`invalid ${name}: ${parsed.issues.map((issue) => issueText(issue, PAYLOAD_ROOT)).join('; ')}`);
  const decision = parsed.data;
  const { payload } = decision;
  const approvers = context.request.approval.approvers;
  if (approvers && !context.serverAuthority && !approvers.includes(payload.by)) {
    return refuse(`${payload.by} is not an approver of this migration (approvers: ${approvers.join(', ')})`);
  }
  if (context.abortedBy !== undefined) return refuse(`an abort by ${context.abortedBy} was accepted: the migration is being aborted`);
  if (name === 'approveFailover' && context.failoverApprovedBy !== undefined) {
    return refuse(
      `the failover was already approved by ${context.failoverApprovedBy} (rescheduleFailover or cancelScheduledFailover change a scheduled one)`,
    );
  }
  const allowedStages: readonly Stage[] = DECISIONS[name].allowedStages;
  if (!allowedStages.includes(context.stage)) {
    return refuse(`${name} is not allowed in stage ${context.stage} (allowed in: ${allowedStages.join(', ')})`);
  }
  if (name !== 'abortMigration') {
    if (context.pending) {
      return refuse(
        `${context.pending.name} by ${context.pending.by} was already accepted here and is being acted on: one decision per waiting point`,
      );
    }
    if (context.acceptedCount >= DECISION_LIMITS.MAX_ACCEPTED_DECISIONS) {
      return refuse(
        `this migration has had ${context.acceptedCount} accepted decisions, the most one migration keeps: only abortMigration is accepted now`,
      );
    }
  }
  return { ok: true, ...decision };
}
