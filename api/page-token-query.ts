import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from './problem';

/** A list route's `pageToken`: the nextPageToken of a previous page of the same query. */
export const PageTokenSchema = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be the nextPageToken of a previous page');

/** The 400 for a page token that is not one of this query's (InvalidPageTokenError). */
export function invalidPageToken(request: FastifyRequest, reply: FastifyReply, error: Error): FastifyReply {
  return sendProblem(request, reply, {
    status: 400,
    title: 'Invalid request',
    detail: "The request's querystring is invalid",
    errors: [{ path: 'pageToken', message: error.message, in: 'querystring' }],
  });
}
