import { DECISION_LIMITS, DECISION_NAMES, DECISIONS, isDecisionName, type Decision, type DecisionName } from '../common/decisions';
import { DECISION_RULES, type DecisionPolicy, type DecisionRule } from '../common/decision-policy';
import { fourEyesConflict } from '../common/four-eyes';
import { checkProof, DecisionProofSchema, type DecisionProof, type DecisionSubject } from '../common/decision-proof';
import { WAVE_DECISIONS, type WaveDecisionName } from '../common/wave-decisions';
import { checkWith, fieldMessages, issueText } from '../common/field-issues';
import type { MigrationRequest } from '../common/migration-request';
import type { Role } from '../common/roles';
import type { Stage } from '../common/stages';
import { boundedText } from './bounded-text';
import { parseDecisionIn } from '../common/decision-table';
import { threadShared } from './thread-shared';

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

/** A proof whose signature verified: its nonce is spent, whether the decision is then accepted or not. */
export interface ProvenNonce {
  nonce: string;
  issuedAtMs: number;
}

export type DecisionCheck =
  | ({
      ok: true;
      proven?: ProvenNonce;
      /** The parent wave this approveFailover, without a proof of its own, must be confirmed with before it counts. */
      confirmWithWave?: string;
    } & Decision)
  | { ok: false; reason: string; rule?: DecisionRule; proven?: ProvenNonce };

export interface DecisionContext {
  stage: Stage;
  request: MigrationRequest;
  /** Who approved the failover, while that approval stands (not cancelled). */
  failoverApprovedBy?: string;
  /** Who approved the test failover (the four-eyes rules compare the cutover approver with them). */
  testApprovedBy?: string;
  /** A decision accepted at the current waiting point that the workflow has not acted on yet. */
  pending?: { name: DecisionName; by: string };
  /** Set once an abort was accepted: the migration is being aborted. */
  abortedBy?: string;
  /** Accepted decisions so far, not counting an abort. */
  acceptedCount: number;
  /** The decision is Temporal's cancellation request: it carries the server's authority, not an approver's. */
  serverAuthority?: boolean;
  /**
   * What the migration learned at its start (four-eyes, signed decisions). Absent for migrations started
   * before it existed, and in an Update validator before the first activity answers (the handler then holds
   * the decision until it does: HeldDecisions). Migrations recorded before baseline-2026-12 judged a decision
   * arriving in that moment without it.
   */
  policy?: DecisionPolicy;
  /** For signed decisions: the workflow id the proof must name, workflow time, and the nonces already spent. */
  proofs?: {
    workflowId: string;
    nowMs: number;
    nonceUsed: (nonce: string) => boolean;
    /** The wave that started this migration, whose relayed decisions carry the wave decision's proof. */
    parentWaveId?: string;
  };
  /**
   * Set in an Update validator: the four-eyes rules are left to the handler, so that their refusals are
   * recorded in the decision log (a validator's refusal leaves no trace).
   */
  inValidator?: boolean;
  /**
   * Signed decisions, for a signal to a migration started by a wave: whether an approveFailover without a valid
   * proof may be confirmed with the wave instead (WAVE_CONFIRMED_RELAYS). Asked only for such a decision.
   */
  mayConfirmWithWave?: () => boolean;
}

/**
 * Checks a decision's name, payload, proof (signed decisions), sender, timing and the four-eyes rules. Pure:
 * safe inside an Update validator. A refusal's reason is bounded (DECISION_LIMITS.REFUSAL_REASON_CHARS) and
 * names the field or rule at fault.
 */
export function checkDecision(name: string, raw: unknown, context: DecisionContext): DecisionCheck {
  let proven: ProvenNonce | undefined;
  const refuse = (reason: string, rule?: DecisionRule): DecisionCheck => ({
    ok: false,
    reason: boundedText(reason, DECISION_LIMITS.REFUSAL_REASON_CHARS)!,
    ...(rule ? { rule } : {}),
    ...(proven ? { proven } : {}),
  });
  if (!isDecisionName(name)) {
    return refuse(`unknown decision "${boundedText(name, 60)}": the decisions are ${DECISION_NAMES.join(', ')}`);
  }
  // The proof travels beside the payload's fields; the payload itself is checked against its schema.
  const { proof, payload: fields } = splitProof(raw);
  const parsed = parseDecisionIn<Decision>(
    threadShared('migration-decisions', () => DECISIONS),
    name,
    fields,
    refusalMessages,
  );
  if (!parsed.success) return refuse(`invalid ${name}: ${parsed.issues.map((issue) => issueText(issue, PAYLOAD_ROOT)).join('; ')}`);
  const decision = parsed.data;
  const { payload } = decision;
  let confirmWithWave: string | undefined;
  if (!context.serverAuthority) {
    const relayOf = SIGNED_RELAYS[name];
    const parent = context.proofs?.parentWaveId;
    const relay = relayOf && parent ? { workflowId: parent, name: relayOf, needed: WAVE_DECISIONS[relayOf].role } : undefined;
    const signed = checkSignedDecision({ name, by: payload.by, proof, needed: DECISIONS[name].role, subject: 'migration', relay }, context);
    proven = signed.proven;
    if (signed.refusal) {
      if (!(WAVE_CONFIRMED_RELAYS.includes(name) && parent && context.mayConfirmWithWave?.()))
        return refuse(signed.refusal, DECISION_RULES.signedDecision);
      // The wave relays its cutover as it was approved, without notBefore: anything else is not its relay.
      if ('notBefore' in payload && payload.notBefore !== undefined)
        return refuse(
          `${signed.refusal}; without one, ${name} is accepted only as the cutover relayed by ${parent}, which carries no notBefore`,
          DECISION_RULES.signedDecision,
        );
      confirmWithWave = parent;
    }
  }
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
  if (name === 'approveFailover' && context.policy?.fourEyes && !context.inValidator) {
    const fourEyes = 'four-eyes: the cutover must be approved by someone else than';
    const conflict = fourEyesConflict(payload.by, { startedBy: context.request.startedBy, testApprovedBy: context.testApprovedBy });
    if (conflict === 'starter') {
      return refuse(`${fourEyes} whoever started the migration (${payload.by} started it)`, DECISION_RULES.fourEyesStarter);
    }
    if (conflict === 'testApprover') {
      return refuse(`${fourEyes} whoever approved its test failover (${payload.by} approved it)`, DECISION_RULES.fourEyesTestApprover);
    }
  }
  return { ok: true, ...decision, ...(proven ? { proven } : {}), ...(confirmWithWave ? { confirmWithWave } : {}) };
}

/**
 * Signed decisions: when the policy has a public key, the decision's proof must verify for this workflow, this
 * decision, its `by` and role. `proven` when the signature verified (its nonce is then spent, accepted or not).
 */
export function checkSignedDecision(
  decision: {
    name: string;
    by: string;
    proof: unknown;
    needed: Role;
    subject: DecisionSubject;
    /** A wave decision whose proof (for the parent wave) is also accepted for this one, relayed by the wave. */
    relay?: { workflowId: string; name: string; needed: Role };
  },
  context: Pick<DecisionContext, 'policy' | 'proofs'>,
): { refusal?: string; proven?: ProvenNonce; proof?: DecisionProof } {
  const publicKey = context.policy?.decisionPublicKey;
  if (!publicKey || !context.proofs) return {};
  const { name, by, proof, needed, subject, relay } = decision;
  const unsigned = `${name} by ${by} is refused: this ${subject} accepts only decisions signed by the siteshift API`;
  if (proof === undefined) return { refusal: `${unsigned} (proof: is required)` };
  const checkedProof = checkWith(
    threadShared('decision-proof', () => DecisionProofSchema),
    proof,
    refusalMessages,
  );
  if (!checkedProof.success) {
    const issues = checkedProof.issues.map((issue) => issueText({ ...issue, path: issue.path ? `proof.${issue.path}` : '' }, 'proof'));
    return { refusal: `${unsigned} (${issues.join('; ')})` };
  }
  const { workflowId, nowMs, nonceUsed } = context.proofs;
  let verdict = checkProof(publicKey, checkedProof.data, { workflowId, decision: name, by }, { nowMs, needed, nonceUsed, subject });
  if (!verdict.verified && relay) {
    const relayed = checkProof(
      publicKey,
      checkedProof.data,
      { workflowId: relay.workflowId, decision: relay.name, by },
      { nowMs, needed: relay.needed, nonceUsed, subject },
    );
    if (relayed.verified) verdict = relayed;
  }
  if (!verdict.verified) return { refusal: `${unsigned}: the proof is not valid: ${verdict.problem}` };
  const proven = { nonce: checkedProof.data.nonce, issuedAtMs: Date.parse(checkedProof.data.issuedAt) };
  return {
    ...(verdict.problem ? { refusal: `${unsigned}: the proof is not valid: ${verdict.problem}` } : {}),
    proven,
    proof: checkedProof.data,
  };
}

/**
 * The machine decisions a wave relays with its own decision's proof, which the machine accepts for its parent
 * wave. Not approveFailover: the wave relays its cutover group by group, possibly hours after the approval
 * (outside the proof's window), and a proof copied from the wave's history could fail a later group over early;
 * the machine confirms that one with its wave instead (WAVE_CONFIRMED_RELAYS).
 */
const SIGNED_RELAYS: Partial<Record<DecisionName, WaveDecisionName>> = {
  approveTestFailover: 'approveWaveTest',
  requestRetest: 'requestWaveRetest',
  abortMigration: 'abortWave',
};

/**
 * The machine decisions a wave relays without a proof, which the machine accepts only once its wave confirms it
 * relays them now (activity confirmWaveCutover): the cutover, group by group.
 */
const WAVE_CONFIRMED_RELAYS: readonly DecisionName[] = ['approveFailover'];

/** A decision's payload without its `proof`, and the proof (undefined when there is none). */
export function splitProof(raw: unknown): { proof: unknown; payload: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'proof'))
    return { proof: undefined, payload: raw };
  const { proof, ...payload } = raw as Record<string, unknown>;
  return { proof, payload };
}
