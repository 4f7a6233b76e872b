import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DecisionRejectedError, type MigrationClient } from "../client";
import {
  DECISION_NAMES,
  DECISIONS,
  type DecisionName,
  type DecisionPayload,
} from "../common/decisions";
import { MachineParams, migrationProblem } from "./migration-routes";
import { sendProblem } from "./problem";

export interface DecisionRoutesOptions {
  migrations: MigrationClient;
}

/**
 * `POST /v1/migrations/{machineId}/decisions/{decision}`, one route per decision of the DECISIONS table, each
 * with that decision's strict payload schema. Sent as an Update: 200 with the new status, 409 with the
 * workflow's reason when it refuses.
 */
export const decisionRoutes: FastifyPluginAsyncZod<
  DecisionRoutesOptions
> = async (app, { migrations }) => {
  for (const decision of DECISION_NAMES) {
    app.post(
      `/v1/migrations/:machineId/decisions/${decision}`,
      {
        schema: {
          summary: `${decision}: ${DECISIONS[decision].summary} (stages: ${DECISIONS[decision].allowedStages.join(", ")})`,
          tags: ["decisions"],
          params: MachineParams,
          body: DECISIONS[decision].schema,
        },
      },
      async (request, reply) => {
        try {
          return await migrations.decide(
            request.params.machineId,
            decision,
            request.body as DecisionPayload<DecisionName>,
          );
        } catch (error) {
          if (error instanceof DecisionRejectedError) {
            return sendProblem(request, reply, {
              status: 409,
              title: "Decision refused",
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
