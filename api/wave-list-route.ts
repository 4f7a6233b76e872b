import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidPageTokenError } from '../client';
import { listWavePage } from '../client/wave-list';
import { WAVE_STAGES } from '../common/wave-stages';
import { requireRole } from './identity/authenticate';
import { MAX_PAGE_SIZE, type RouteOptions } from './migration-routes';
import { invalidPageToken, PageTokenSchema } from './page-token-query';

const WaveListQuery = z.strictObject({
  /** One stage, or several separated by commas (e.g. every stage that waits for a decision). */
  stage: z
    .string()
    .max(1000)
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(WAVE_STAGES)).max(WAVE_STAGES.length))
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
  pageToken: PageTokenSchema.optional(),
});

/** `GET /v1/waves?stage=&pageSize=&pageToken=`: waves by their WaveStage search attribute, paged. */
export const waveListRoute: FastifyPluginAsyncZod<RouteOptions> = async (app, { migrations, identities }) => {
  app.get(
    '/v1/waves',
    {
      schema: { summary: 'List waves (Temporal visibility, WaveStage)', tags: ['waves'], querystring: WaveListQuery },
      onRequest: requireRole(identities, 'viewer'),
    },
    async (request, reply) => {
      const { stage, pageSize, pageToken } = request.query;
      try {
        return await listWavePage(migrations.client, { stages: stage }, { pageSize, pageToken });
      } catch (error) {
        if (!(error instanceof InvalidPageTokenError)) throw error;
        return invalidPageToken(request, reply, error);
      }
    },
  );
};
