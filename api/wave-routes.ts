import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WaveAlreadyRunningError, WaveClient, WaveDecisionRejectedError, WaveNotFoundError } from '../client/wave-client';
import { workflowIdOf } from '../common/ids';
import { WAVE_DECISION_NAMES, WAVE_DECISIONS, type WaveDecisionName, type WaveDecisionPayload } from '../common/wave-decisions';
import { WaveNameSchema, WaveRequestSchema, type WaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { wavePayloadSchemaWithoutBy } from '../common/wave-decision-payload';
import type { DecisionSigner } from './identity/decision-signer';
import { requireRole } from './identity/authenticate';
import { WAVE_DECISION_ROLES } from './identity/wave-roles';
import type { RouteOptions } from './migration-routes';
import { sendDecisionRefusal } from './decision-refusal';
import { sendProblem } from './problem';
import { waveListRoute } from './wave-list-route';

/** How long `POST /v1/waves` waits for the wave's own check that none of its machines is already migrating. */
const START_CHECK_MS = 15_000;
const START_CHECK_POLL_MS = 200;

const WaveParams = z.strictObject({ name: WaveNameSchema });

/** Where a body names `startedBy` on a machine: the API sets it from the token (the four-eyes rules compare with it). */
function namedStarters(request: WaveRequest): string[] {
  return request.groups.flatMap((group, g) =>
    group.machines.flatMap((machine, m) => (machine.startedBy === undefined ? [] : [`groups.${g}.machines.${m}.startedBy`])),
  );
}

/** The wave's status once its start check ran (or START_CHECK_MS passed): a refused wave ends Failed at once. */
async function checkedStatus(waves: WaveClient, name: string): Promise<WaveStatus> {
  const deadline = Date.now() + START_CHECK_MS;
  for (;;) {
    const status = await waves.waveStatus(name);
    if (status.stage !== 'Checking' || Date.now() >= deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, START_CHECK_POLL_MS));
  }
}

function waveProblem(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof WaveNotFoundError) return sendProblem(request, reply, { status: 404, title: 'Not found', detail: error.message });
  throw error;
}

/**
 * Waves (`migrateWave`, workflow id `wave-<name>`): `POST /v1/waves`, `GET /v1/waves`, `GET /v1/waves/{name}`
 * and `POST /v1/waves/{name}/decisions/{decision}`, with the wave schemas of common/ as the single source.
 */
export const waveRoutes: FastifyPluginAsyncZod<RouteOptions & { sign?: DecisionSigner }> = async (app, options) => {
  const { migrations, identities, sign } = options;
  const waves = new WaveClient(migrations.client, migrations.taskQueue);

  app.post(
    '/v1/waves',
    {
      schema: {
        summary: 'Start a wave (refused with 409, nothing started, when one of its machines is already migrating)',
        tags: ['waves'],
        body: WaveRequestSchema,
      },
      onRequest: requireRole(identities, 'operator'),
    },
    async (request, reply) => {
      const wave = request.body as WaveRequest;
      const named = namedStarters(wave);
      if (named.length > 0) {
        return sendProblem(request, reply, {
          status: 400,
          title: 'Invalid request',
          detail: 'startedBy is set from the bearer token: a wave request must not name one; nothing was started',
          errors: named.map((path) => ({ path, message: 'is set from your token', in: 'body' })),
        });
      }
      const startedBy = request.identity!.name;
      const withStarter = {
        ...wave,
        groups: wave.groups.map((group) => ({ ...group, machines: group.machines.map((machine) => ({ ...machine, startedBy })) })),
      };
      try {
        const started = await waves.startWave(withStarter);
        const status = await checkedStatus(waves, wave.name);
        if (status.stage === 'Failed') {
          return sendProblem(request, reply, {
            status: 409,
            title: 'Not started',
            detail: status.lastError?.message ?? `wave ${wave.name} was refused`,
            wave: wave.name,
            reason: status.lastError?.code,
          });
        }
        return reply.code(201).send({ wave: started.wave, workflowId: started.workflowId, status });
      } catch (error) {
        if (!(error instanceof WaveAlreadyRunningError)) throw error;
        return sendProblem(request, reply, {
          status: 409,
          title: 'Not started',
          detail: error.message,
          wave: wave.name,
          reason: error.name,
        });
      }
    },
  );

  await app.register(waveListRoute, options);

  app.get(
    '/v1/waves/:name',
    {
      schema: { summary: "A wave's status: groups, each machine's stage, counts, what it waits for", tags: ['waves'], params: WaveParams },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      try {
        return await waves.waveStatus(request.params.name);
      } catch (error) {
        return waveProblem(error, request, reply);
      }
    },
  );

  for (const decision of WAVE_DECISION_NAMES) {
    app.post(
      `/v1/waves/:name/decisions/${decision}`,
      {
        schema: {
          summary: `${decision}: ${WAVE_DECISIONS[decision].summary} (stages: ${WAVE_DECISIONS[decision].allowedStages.join(', ')})`,
          tags: ['wave decisions'],
          params: WaveParams,
          body: wavePayloadSchemaWithoutBy(decision),
        },
        onRequest: requireRole(identities, WAVE_DECISION_ROLES[decision]),
      },
      async (request, reply) => {
        const { name } = request.params;
        try {
          const { name: by, roles } = request.identity!;
          const payload = { ...(request.body as object), by } as WaveDecisionPayload<WaveDecisionName>;
          // The same proof as a machine's decision, for the wave's own workflow id (verified once the wave checks proofs).
          const proof = sign?.({ workflowId: workflowIdOf('migrateWave', name), decision, by, roles });
          return await waves.decide(name, decision, payload, { proof });
        } catch (error) {
          if (error instanceof WaveDecisionRejectedError) return sendDecisionRefusal(request, reply, decision, error);
          return waveProblem(error, request, reply);
        }
      },
    );
  }
};
