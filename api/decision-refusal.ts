import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem';

/**
 * A decision the workflow refused (machine, wave or protection): a rule about who decides (four-eyes, signed
 * decisions: common/decision-policy.ts) is a 403 naming it; when and what, a 409 with the workflow's reason.
 */
export function sendDecisionRefusal(
  request: FastifyRequest,
  reply: FastifyReply,
  decision: string,
  refusal: { reason: string; rule?: string },
): FastifyReply {
  const { reason, rule } = refusal;
  return sendProblem(request, reply, {
    status: rule ? 403 : 409,
    title: rule ? 'Forbidden' : 'Decision refused',
    detail: reason,
    decision,
    ...(rule ? { rule } : {}),
  });
}
