import { temporal } from '@temporalio/proto';
import type { FastifyPluginAsync } from 'fastify';
import type { MigrationClient } from '../client';
import { sendProblem } from './problem';

export interface HealthRoutesOptions {
  migrations: MigrationClient;
}

/** `/healthz`: the process answers. `/readyz`: Temporal answers and a worker polls the migrations' task queue. */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { migrations }) => {
  app.get('/healthz', { schema: { summary: 'The API process is up', tags: ['health'], security: [] } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Temporal is reachable and a worker polls the task queue',
        tags: ['health'],
        security: [],
      },
    },
    async (request, reply) => {
      const taskQueue = migrations.taskQueue;
      let pollers: number;
      try {
        const described = await migrations.client.withDeadline(Date.now() + 5_000, () =>
          migrations.client.workflowService.describeTaskQueue({
            namespace: migrations.client.options.namespace,
            taskQueue: {
              name: taskQueue,
              kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
            },
            taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          }),
        );
        pollers = described.pollers?.length ?? 0;
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: Temporal did not answer');
        return sendProblem(request, reply, {
          status: 503,
          title: 'Not ready',
          detail: 'Temporal did not answer',
          taskQueue,
        });
      }
      if (pollers === 0) {
        return sendProblem(request, reply, {
          status: 503,
          title: 'Not ready',
          detail: `No worker polls task queue "${taskQueue}"`,
          taskQueue,
        });
      }
      return { status: 'ready', taskQueue, pollers };
    },
  );
};
