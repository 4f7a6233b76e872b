import { DECISION_SCHEMAS, type DecisionName, type DecisionPayload } from '../common/decisions';
import type { MigrationRequest } from '../common/migration-request';
import { ABORTABLE_STAGES, type Stage } from '../common/stages';

/** The stages in which each decision is accepted. */
const ALLOWED_STAGES: Record<DecisionName, readonly Stage[]> = {
  approveTestFailover: ['AwaitingTestApproval'],
  requestRetest: ['AwaitingTestApproval'],
  approveFailover: ['AwaitingFailoverApproval'],
  abortMigration: ABORTABLE_STAGES,
};

export type DecisionCheck<N extends DecisionName> =
  | { ok: true; payload: DecisionPayload<N> }
  | { ok: false; reason: string; by: string | null };

export interface DecisionContext {
  stage: Stage;
  request: MigrationRequest;
  /** Set once the failover was approved and the workflow waits for notBefore. */
  failoverApprovedBy?: string;
}

/** Checks a decision's payload, its sender and the stage. Pure: safe inside an Update validator. */
export function checkDecision<N extends DecisionName>(name: N, raw: unknown, context: DecisionContext): DecisionCheck<N> {
  const parsed = DECISION_SCHEMAS[name].safeParse(raw);
  const by = typeof (raw as { by?: unknown })?.by === 'string' ? ((raw as { by: string }).by as string) : null;
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
    return { ok: false, by, reason: `invalid ${name} payload: ${problems}` };
  }
  const payload = parsed.data as DecisionPayload<N>;
  const approvers = context.request.approval.approvers;
  if (approvers && !approvers.includes(payload.by)) {
    return { ok: false, by, reason: `${payload.by} is not an approver of this migration (approvers: ${approvers.join(', ')})` };
  }
  if (!ALLOWED_STAGES[name].includes(context.stage)) {
    return { ok: false, by, reason: `${name} is not allowed in stage ${context.stage} (allowed in: ${ALLOWED_STAGES[name].join(', ')})` };
  }
  if (name === 'approveFailover' && context.failoverApprovedBy) {
    return { ok: false, by, reason: `the failover was already approved by ${context.failoverApprovedBy}` };
  }
  return { ok: true, payload };
}
