import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DecisionRejectedError } from '../client';
import { workflowIdFor } from '../common/ids';
import { DECISION_NAMES, DECISIONS, payloadSchemaWithoutBy, type DecisionName, type DecisionPayload } from '../common/decisions';
import type { DecisionSigner } from './identity/decision-signer';
import { DECISION_ROLES } from './identity/roles';
import { requireRole } from './identity/authenticate';
import { MachineParams, migrationProblem, type RouteOptions } from './migration-routes';
import { sendDecisionRefusal } from './decision-refusal';

/**
 * `POST /v1/migrations/{machineId}/decisions/{decision}`, one route per decision of the DECISIONS table, each
 * with that decision's strict payload schema. Sent as an Update: 200 with the new status, 409 with the
 * workflow's reason when it refuses. The decision's `by` is the token's identity: a body naming one is refused.
 */
export const decisionRoutes: FastifyPluginAsyncZod<RouteOptions & { sign?: DecisionSigner }> = async (
  app,
  { migrations, identities, sign },
) => {
  for (const decision of DECISION_NAMES) {
    app.post(
      `/v1/migrations/:machineId/decisions/${decision}`,
      {
        schema: {
          summary: `${decision}: ${DECISIONS[decision].summary} (stages: ${DECISIONS[decision].allowedStages.join(', ')})`,
          tags: ['decisions'],
          params: MachineParams,
          body: payloadSchemaWithoutBy(decision),
        },
        onRequest: requireRole(identities, DECISION_ROLES[decision]),
      },
      async (request, reply) => {
        try {
          const { name: by, roles } = request.identity!;
          const payload = { ...(request.body as object), by } as DecisionPayload<DecisionName>;
          // Signed decisions: the proof that this identity, with these roles, decided (verified by the workflow).
          const proof = sign?.({ workflowId: workflowIdFor(request.params.machineId), decision, by, roles });
          return await migrations.decide(request.params.machineId, decision, payload, { proof });
        } catch (error) {
          if (error instanceof DecisionRejectedError) return sendDecisionRefusal(request, reply, decision, error);
          return migrationProblem(error, request, reply);
        }
      },
    );
  }
};
