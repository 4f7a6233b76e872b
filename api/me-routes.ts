import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { DECISION_FIELD_HELP, DECISION_NAMES, DECISIONS } from '../common/decisions';
import type { DecisionRight, Me } from '../common/me';
import { requireRole, type IdentitySource } from './identity/authenticate';
import { DECISION_ROLES, mayActAs, type Role } from './identity/roles';
import { waveDecisionRightsFor } from './wave-rights';

/** A decision's payload fields as its schema has them, but `by` (machine and wave decisions alike). */
export function fieldsOf(definition: { schema: z.ZodObject; optionHelp?: Record<string, string> }): DecisionRight['fields'] {
  return Object.entries(definition.schema.shape)
    .filter(([name]) => name !== 'by')
    .map(([name, schema]) => ({
      name,
      required: !schema.safeParse(undefined).success,
      help: definition.optionHelp?.[name] ?? DECISION_FIELD_HELP[name]?.help ?? name,
    }));
}

/** Each decision with the role it needs, the stages it applies in, whether `roles` allow it, and its fields. */
export function decisionRightsFor(roles: readonly Role[]): DecisionRight[] {
  return DECISION_NAMES.map((decision) => ({
    name: decision,
    summary: DECISIONS[decision].summary,
    neededRole: DECISION_ROLES[decision],
    allowedStages: DECISIONS[decision].allowedStages,
    allowed: mayActAs(roles, DECISION_ROLES[decision]),
    fields: fieldsOf(DECISIONS[decision]),
  }));
}

/**
 * `GET /v1/me`: who the bearer token speaks for, its roles, and each decision with the role it needs, the
 * stages the workflow accepts it in (common/decisions.ts) and whether this identity holds that role: what the
 * console enables its buttons from, so the rules are written once.
 */
export const meRoutes: FastifyPluginAsyncZod<{ identities: IdentitySource }> = async (app, { identities }) => {
  app.get(
    '/v1/me',
    {
      schema: { summary: 'The identity of the bearer token, its roles, and the decisions it may take', tags: ['identity'] },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request): Promise<Me> => {
      const { name, roles } = request.identity!;
      return { name, roles, decisions: decisionRightsFor(roles), waveDecisions: waveDecisionRightsFor(roles) };
    },
  );
};
