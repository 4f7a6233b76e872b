import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import { requireRole } from './identity/authenticate';
import { MachineParams, migrationProblem, type RouteOptions } from './migration-routes';
import { serverSentEvent, statusEvents } from './status-events';

/** How often the server reads a followed migration's status (a query to its workflow). */
export const DEFAULT_EVENT_POLL_MS = 2_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

export interface EventRoutesOptions extends RouteOptions {
  eventPollMs?: number;
}

/**
 * `GET /v1/migrations/{machineId}/events`: server-sent events (`stage`, `progress`, `decision`, `end`) as the
 * migration moves, found by reading its status every eventPollMs and sending what changed. The stream
 * ends after `end`, or when the caller goes away.
 */
export const eventRoutes: FastifyPluginAsyncZod<EventRoutesOptions> = async (
  app,
  { migrations, identities, eventPollMs = DEFAULT_EVENT_POLL_MS },
) => {
  // Open streams end when the server closes, or `close` would wait for their callers to leave.
  const open = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.abort();
  });
  app.get(
    '/v1/migrations/:machineId/events',
    {
      schema: {
        summary: "A migration's changes as server-sent events: stage, progress, decision, end",
        tags: ['migrations'],
        params: MachineParams,
        produces: ['text/event-stream'],
      },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      const { machineId } = request.params;
      let status: MigrationStatus;
      try {
        status = await migrations.status(machineId);
      } catch (error) {
        return migrationProblem(error, request, reply);
      }
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': request.id,
        'x-accel-buffering': 'no',
        // The socket closes with the stream: a keep-alive one would hold the server's close() until it times out.
        connection: 'close',
      });
      const gone = new AbortController();
      open.add(gone);
      request.raw.on('close', () => gone.abort());
      let id = 0;
      let previous: MigrationStatus | undefined;
      let quietSince = Date.now();
      try {
        for (;;) {
          const events = statusEvents(previous, status, FINAL_STAGES);
          for (const event of events) stream.write(serverSentEvent(event, ++id));
          if (events.length > 0) quietSince = Date.now();
          else if (Date.now() - quietSince >= KEEP_ALIVE_MS) {
            stream.write(': keep-alive\n\n');
            quietSince = Date.now();
          }
          if (FINAL_STAGES.includes(status.stage)) break;
          previous = status;
          await sleep(eventPollMs, undefined, { signal: gone.signal });
          try {
            status = await migrations.status(machineId);
          } catch (error) {
            // A worker restarting or a migration gone: say so and keep following (the caller may close).
            stream.write(serverSentEvent({ event: 'unavailable', data: { machineId, detail: (error as Error).message } }, ++id));
          }
        }
      } catch (error) {
        if (!gone.signal.aborted) request.log.warn({ err: error }, 'event stream failed');
      } finally {
        open.delete(gone);
        stream.end();
      }
    },
  );
};
