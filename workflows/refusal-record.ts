import { DECISION_LIMITS } from '../common/decisions';
import type { DecisionRecord } from '../common/migration-status';
import { boundedText } from './bounded-text';

export interface Refusal {
  name: string;
  via: DecisionRecord['via'];
  raw: unknown;
  rejectionReason: string;
}

/**
 * What a workflow keeps of a refused decision: its name, sender, comment and the named detail fields cut to
 * DECISION_LIMITS, whatever the payload held, so a flood of hostile messages cannot grow the state.
 */
export function refusalRecord<S extends string>(
  refusal: Refusal,
  detailKeys: readonly string[],
  where: { stage: S; at: string },
): Omit<DecisionRecord, 'stage'> & { stage: S } {
  const payload = (typeof refusal.raw === 'object' && refusal.raw !== null ? refusal.raw : {}) as Record<string, unknown>;
  const details: Record<string, string> = {};
  for (const key of detailKeys) {
    const value = boundedText(payload[key], DECISION_LIMITS.REFUSED_TEXT_CHARS);
    if (value !== undefined) details[key] = value;
  }
  return {
    name: boundedText(refusal.name, 60)!,
    via: refusal.via,
    by: boundedText(payload.by, DECISION_LIMITS.REFUSED_BY_CHARS) ?? null,
    at: where.at,
    comment: boundedText(payload.comment, DECISION_LIMITS.REFUSED_TEXT_CHARS),
    details: Object.keys(details).length > 0 ? details : undefined,
    accepted: false,
    rejectionReason: boundedText(refusal.rejectionReason, DECISION_LIMITS.REFUSAL_REASON_CHARS),
    stage: where.stage,
  };
}
