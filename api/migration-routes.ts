import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  InvalidBatchError,
  InvalidPageTokenError,
  MigrationAlreadyCompletedError,
  MigrationNotFoundError,
  NoWorkerAnswerError,
  type MigrationClient,
} from '../client';
import { MachineIdSchema, MigrationRequestSchema, SCENARIOS } from '../common/migration-request';
import { MAX_WAVE_LENGTH } from '../common/request-field-rules';
import { STAGES } from '../common/stages';
import { requireRole, type IdentitySource } from './identity/authenticate';
import { invalidPageToken, PageTokenSchema } from './page-token-query';
import { sendProblem } from './problem';

/** Most migrations one list page returns (Temporal's visibility pages are of this order). */
export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;

export const MachineParams = z.strictObject({ machineId: MachineIdSchema });

/** The paging fields of every list route's querystring. */
export const PAGE_QUERY_FIELDS = {
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  pageToken: PageTokenSchema.optional(),
};

const ListQuery = z.strictObject({
  stage: z.enum(STAGES).optional(),
  wave: z.string().max(MAX_WAVE_LENGTH).optional(),
  scenario: z.enum(SCENARIOS).optional(),
  ...PAGE_QUERY_FIELDS,
});

export interface RouteOptions {
  migrations: MigrationClient;
  identities: IdentitySource;
}

/** Start, list and read migrations: `/v1/migrations` and `/v1/migrations/{machineId}`. */
export const migrationRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { migrations, identities }) => {
  app.post(
    '/v1/migrations',
    {
      schema: {
        summary: 'Start one migration, or a batch (nothing starts when any request of the batch is invalid)',
        tags: ['migrations'],
        body: z.union([MigrationRequestSchema, z.array(MigrationRequestSchema)]),
      },
      onRequest: requireRole(identities, 'operator'),
      // The batch is validated by the client, which names each bad request by index and machine id.
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (request, reply) => {
      const body: unknown = request.body;
      const batch = Array.isArray(body);
      const inputs: unknown[] = batch ? body : [body];
      // Who starts is the token's identity (the four-eyes rules compare the cutover approver with it).
      const named = inputs.findIndex((input) => isObject(input) && Object.hasOwn(input, 'startedBy'));
      if (named >= 0) {
        return sendProblem(request, reply, {
          status: 400,
          title: 'Invalid request',
          detail: 'startedBy is set from the bearer token: a request must not name one; nothing was started',
          errors: [{ path: batch ? `${named}.startedBy` : 'startedBy', message: 'is set from your token', in: 'body' }],
        });
      }
      const startedBy = request.identity!.name;
      try {
        const results = await migrations.startBatch(inputs.map((input) => (isObject(input) ? { ...input, startedBy } : input)));
        if (batch) return reply.code(200).send({ results });
        const [result] = results;
        if (result.outcome === 'error') {
          // Already migrated is the caller's conflict; anything else is Temporal failing the start.
          const conflict = result.errorName === MigrationAlreadyCompletedError.name;
          return sendProblem(request, reply, {
            status: conflict ? 409 : 502,
            title: 'Not started',
            detail: result.error,
            machineId: result.machineId,
            reason: result.errorName,
          });
        }
        return reply.code(result.outcome === 'started' ? 201 : 200).send(result);
      } catch (error) {
        if (!(error instanceof InvalidBatchError)) throw error;
        return sendProblem(request, reply, {
          status: 400,
          title: 'Invalid request',
          detail: batch
            ? 'At least one request of the batch is invalid; nothing was started'
            : 'The migration request is invalid; nothing was started',
          errors: batch
            ? error.items.flatMap((item) =>
                item.issues.map((issue) => ({
                  ...issue,
                  path: `${item.index}${issue.path ? `.${issue.path}` : ''}`,
                })),
              )
            : error.items[0].issues,
          invalid: error.items,
        });
      }
    },
  );

  app.get(
    '/v1/migrations',
    {
      schema: {
        summary: 'List migrations (Temporal visibility; a change shows up within a second or so)',
        tags: ['migrations'],
        querystring: ListQuery,
      },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      const { pageSize, pageToken, ...filter } = request.query;
      try {
        return await migrations.listPage(filter, { pageSize, pageToken });
      } catch (error) {
        return pageTokenProblem(error, request, reply);
      }
    },
  );

  app.get(
    '/v1/migrations/:machineId',
    {
      schema: {
        summary: "A migration's status",
        tags: ['migrations'],
        params: MachineParams,
      },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      try {
        return await migrations.status(request.params.machineId);
      } catch (error) {
        return migrationProblem(error, request, reply);
      }
    },
  );
};

/** A page token not from this list is the caller's 400 (on the pageToken field). */
export function pageTokenProblem(error: unknown, request: Parameters<typeof sendProblem>[0], reply: Parameters<typeof sendProblem>[1]) {
  if (!(error instanceof InvalidPageTokenError)) throw error;
  return invalidPageToken(request, reply, error);
}

/** The client's errors that are the caller's answer rather than a server fault. */
export function migrationProblem(error: unknown, request: Parameters<typeof sendProblem>[0], reply: Parameters<typeof sendProblem>[1]) {
  if (error instanceof MigrationNotFoundError)
    return sendProblem(request, reply, {
      status: 404,
      title: 'Not found',
      detail: error.message,
    });
  if (error instanceof NoWorkerAnswerError)
    return sendProblem(request, reply, {
      status: 504,
      title: 'No answer in time',
      detail: error.message,
    });
  throw error;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
