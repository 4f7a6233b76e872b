import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZodDefault, ZodEnum, ZodOptional, ZodString, type z } from 'zod';
import { DECISION_FIELD_HELP, DECISION_NAMES, DECISIONS } from '../common/decisions';
import type { DecisionField, DecisionRight, Me, ProtectionDecisionRight } from '../common/me';
import { PROTECTION_DECISION_NAMES, PROTECTION_DECISIONS, type ProtectionDecisionDefinition } from '../common/protection-decisions';
import { requireRole, type IdentitySource } from './identity/authenticate';
import { DECISION_ROLES, mayActAs, type Role } from './identity/roles';
import { waveDecisionRightsFor } from './wave-rights';

/**
 * A decision's payload fields as its schema has them, but `by` (with their choices when they take one of a few
 * values). With `onlyTextAndChoices` (protection decisions), structured fields (a recovery point, on-premises
 * reprotect inputs, a boolean) are left to the CLI and the API.
 */
export function fieldsOf(schema: z.ZodObject, optionHelp: Record<string, string> = {}, onlyTextAndChoices = false): DecisionField[] {
  return Object.entries(schema.shape).flatMap(([name, field]): DecisionField[] => {
    if (name === 'by') return [];
    const inner = unwrapped(field as z.ZodType);
    const choices = inner instanceof ZodEnum ? (inner.options as string[]) : undefined;
    if (onlyTextAndChoices && !choices && !(inner instanceof ZodString)) return [];
    const help = optionHelp[name] ?? DECISION_FIELD_HELP[name]?.help ?? name;
    return [{ name, required: !(field as z.ZodType).safeParse(undefined).success, help, ...(choices ? { choices } : {}) }];
  });
}

/** The schema inside optional and default wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  return schema instanceof ZodOptional || schema instanceof ZodDefault ? unwrapped(schema.unwrap() as z.ZodType) : schema;
}

/** Each decision with the role it needs, the stages it applies in, whether `roles` allow it, and its fields. */
export function decisionRightsFor(roles: readonly Role[]): DecisionRight[] {
  return DECISION_NAMES.map((decision) => ({
    name: decision,
    summary: DECISIONS[decision].summary,
    neededRole: DECISION_ROLES[decision],
    allowedStages: DECISIONS[decision].allowedStages,
    allowed: mayActAs(roles, DECISION_ROLES[decision]),
    fields: fieldsOf(DECISIONS[decision].schema, (DECISIONS[decision] as { optionHelp?: Record<string, string> }).optionHelp),
  }));
}

/** The same for the protection decisions (common/protection-decisions.ts), for the console's DR forms. */
export function protectionDecisionRightsFor(roles: readonly Role[]): ProtectionDecisionRight[] {
  return PROTECTION_DECISION_NAMES.map((decision) => {
    const definition: ProtectionDecisionDefinition = PROTECTION_DECISIONS[decision];
    const { summary, role, allowedStages, schema } = definition;
    return {
      name: decision,
      summary,
      neededRole: role,
      allowedStages,
      allowed: mayActAs(roles, role),
      fields: fieldsOf(schema, {}, true),
      fourEyes: definition.fourEyes === true,
    };
  });
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
      return {
        name,
        roles,
        decisions: decisionRightsFor(roles),
        waveDecisions: waveDecisionRightsFor(roles),
        protectionDecisions: protectionDecisionRightsFor(roles),
      };
    },
  );
};
