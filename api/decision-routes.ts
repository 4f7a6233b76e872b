import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DecisionRejectedError } from '../client';
import { DECISION_NAMES, DECISIONS, payloadSchemaWithoutBy, type DecisionName, type DecisionPayload } from '../common/decisions';
import { DECISION_ROLES } from './identity/roles';
import { requireRole } from './identity/authenticate';
import { MachineParams, migrationProblem, type RouteOptions } from './migration-routes';
import { sendProblem } from './problem';

/**
 * `POST /v1/migrations/{machineId}/decisions/{decision}`, one route per decision of the DECISIONS table, each
 * with that decision's strict payload schema. Sent as an Update: 200 with the new status, 409 with the
 * workflow's reason when it refuses. The decision's `by` is the token's identity: a body naming one is refused.
 */
export const decisionRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { migrations, identities }) => {
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
          const payload = { ...(request.body as object), by: request.identity!.name } as DecisionPayload<DecisionName>;
          return await migrations.decide(request.params.machineId, decision, payload);
        } catch (error) {
          if (error instanceof DecisionRejectedError) {
            return sendProblem(request, reply, {
              status: 409,
              title: 'Decision refused',
              detail: error.reason,
              decision,
            });
          }
          return migrationProblem(error, request, reply);
        }
      },
    );
  }
};
