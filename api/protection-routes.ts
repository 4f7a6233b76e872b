import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DecisionRejectedError, NoWorkerAnswerError, ProtectionNotFoundError } from '../client/errors';
import { ProtectionClient } from '../client/protection-client';
import { workflowIdFor, workflowIdOf } from '../common/ids';
import {
  PROTECTION_DECISION_NAMES,
  PROTECTION_DECISIONS,
  parseProtectionDecision,
  type ProtectionDecisionName,
} from '../common/protection-decisions';
import { checkProtectionRequest, ProtectionRequestSchema } from '../common/protection-request';
import { requireRole } from './identity/authenticate';
import type { DecisionSigner } from './identity/decision-signer';
import { MachineParams, PAGE_QUERY_FIELDS, pageTokenProblem, type RouteOptions } from './migration-routes';
import { sendDecisionRefusal } from './decision-refusal';
import { sendProblem } from './problem';
import { zodValidatorCompiler } from './validation';

const ListQuery = z.strictObject(PAGE_QUERY_FIELDS);

/** The route's body is checked in its handler; params and querystring as every route's. */
const bodyUnchecked = (route: Parameters<typeof zodValidatorCompiler>[0] | { httpPart?: string }) =>
  route.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : zodValidatorCompiler(route as Parameters<typeof zodValidatorCompiler>[0]);

type Reply = Parameters<typeof sendProblem>[1];
type Request = Parameters<typeof sendProblem>[0];

/** A field the API fills from the bearer token: a body naming it is refused (400), nothing is sent. */
function namedByToken(request: Request, reply: Reply, body: unknown, field: 'by' | 'startedBy'): Reply | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, field)) return undefined;
  return sendProblem(request, reply, {
    status: 400,
    title: 'Invalid request',
    detail: `${field} is set from the bearer token: a request must not name one; nothing was sent`,
    errors: [{ path: field, message: 'is set from your token', in: 'body' }],
  });
}

/** The client's errors that are the caller's answer rather than a server fault. */
function protectionProblem(error: unknown, request: Request, reply: Reply) {
  if (error instanceof ProtectionNotFoundError)
    return sendProblem(request, reply, { status: 404, title: 'Not found', detail: error.message });
  if (error instanceof NoWorkerAnswerError)
    return sendProblem(request, reply, { status: 504, title: 'No answer in time', detail: error.message });
  throw error;
}

/**
 * Disaster recovery over HTTP: start, list and read protections (`protectMachine`), and send their decisions
 * as Updates, each with the role its PROTECTION_DECISIONS entry names, `by` from the token and, with a signing
 * key, the proof signed decisions need. The workflow stays the judge of every start and decision; the API's
 * checks only answer sooner and more precisely.
 */
export const protectionRoutes: FastifyPluginAsyncZod<RouteOptions & { sign?: DecisionSigner }> = async (
  app,
  { migrations, identities, sign },
) => {
  const protections = new ProtectionClient(migrations.client, migrations.taskQueue, { answerTimeoutMs: migrations.answerTimeoutMs });

  app.post(
    '/v1/protections',
    {
      schema: {
        summary: 'Protect a machine for disaster recovery (Hyper-V, VMware, physical); 409 while it is being migrated',
        tags: ['protections'],
        body: ProtectionRequestSchema,
      },
      onRequest: requireRole(identities, 'operator'),
      // Validated below, so that startedBy is named as the token's field and every bad field is listed.
      validatorCompiler: bodyUnchecked,
    },
    async (request, reply) => {
      const refused = namedByToken(request, reply, request.body, 'startedBy');
      if (refused) return refused;
      const body = request.body as object;
      const checked = checkProtectionRequest({ ...body, startedBy: request.identity!.name });
      if (!checked.success) {
        return sendProblem(request, reply, {
          status: 400,
          title: 'Invalid request',
          detail: 'The protection request is invalid; nothing was started',
          errors: checked.issues.map((issue) => ({ ...issue, in: 'body' })),
        });
      }
      const { machineId } = checked.data;
      // The workflow's preflight refuses it too (MachineBusy); asking first answers the caller at once.
      const migration = await migrations.client.workflow
        .getHandle(workflowIdFor(machineId))
        .describe()
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return undefined;
          throw error;
        });
      if (migration?.status.name === 'RUNNING') {
        return sendProblem(request, reply, {
          status: 409,
          title: 'Machine busy',
          detail: `${machineId} is being migrated (workflow ${migration.workflowId}): end that migration first; nothing was started`,
          machineId,
          reason: 'MachineBusy',
        });
      }
      const started = await protections.start(checked.data);
      return reply
        .code(started.alreadyRunning ? 200 : 201)
        .send({ machineId, workflowId: started.workflowId, outcome: started.alreadyRunning ? 'alreadyRunning' : 'started' });
    },
  );

  app.get(
    '/v1/protections',
    {
      schema: {
        summary: 'List protections, newest first (Temporal visibility; stage only: health and RPO are in each status)',
        tags: ['protections'],
        querystring: ListQuery,
      },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      try {
        return await protections.listPage(request.query);
      } catch (error) {
        return pageTokenProblem(error, request, reply);
      }
    },
  );

  app.get(
    '/v1/protections/:machineId',
    {
      schema: {
        summary: "A protection's status: stage, health, RPO, alerts, drills, decisions",
        tags: ['protections'],
        params: MachineParams,
      },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      try {
        return await protections.status(request.params.machineId);
      } catch (error) {
        return protectionProblem(error, request, reply);
      }
    },
  );

  for (const decision of PROTECTION_DECISION_NAMES) registerDecision(decision);

  function registerDecision(decision: ProtectionDecisionName) {
    const definition = PROTECTION_DECISIONS[decision];
    app.post(
      `/v1/protections/:machineId/decisions/${decision}`,
      {
        schema: {
          summary: `${decision}: ${definition.summary} (stages: ${definition.allowedStages.join(', ')}; role: ${definition.role})`,
          tags: ['protection decisions'],
          params: MachineParams,
          body: definition.schema,
        },
        onRequest: requireRole(identities, definition.role),
        // Validated below with `by` from the token (the schema requires one, the caller must not send it).
        validatorCompiler: bodyUnchecked,
      },
      async (request, reply) => {
        const body: unknown = request.body ?? {};
        const refused = namedByToken(request, reply, body, 'by');
        if (refused) return refused;
        const { name: by, roles } = request.identity!;
        const checked = parseProtectionDecision(decision, typeof body === 'object' ? { ...body, by } : body);
        if (!checked.success) {
          return sendProblem(request, reply, {
            status: 400,
            title: 'Invalid request',
            detail: `The ${decision} decision is invalid; nothing was sent`,
            errors: checked.issues.map((issue) => ({ ...issue, in: 'body' })),
          });
        }
        try {
          // Signed decisions: the proof that this identity, with these roles, decided (verified by the workflow).
          const proof = sign?.({ workflowId: workflowIdOf('protectMachine', request.params.machineId), decision, by, roles });
          return await protections.decide(request.params.machineId, decision, checked.data.payload as never, { proof });
        } catch (error) {
          if (error instanceof DecisionRejectedError) return sendDecisionRefusal(request, reply, decision, error);
          return protectionProblem(error, request, reply);
        }
      },
    );
  }
};
