import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldIssue } from '../common/field-issues';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One bad field of a 400, and where it is (body, querystring, params). */
export type ProblemFieldIssue = FieldIssue & { in?: string };

/** Sends an RFC 9457 problem document; `type` is `about:blank` unless a more specific one is given. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: {
    status: number;
    title: string;
    type?: string;
    detail?: string;
    /** RFC 9457 extension: the bad fields of a 400. */
    errors?: ProblemFieldIssue[];
  } & Record<string, unknown>,
): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: 'about:blank',
      ...problem,
      instance: request.url,
      requestId: request.id,
    });
}

/** A request part (body, query, params) failed its schema: a 400 listing each bad field. */
export class InvalidFieldsError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; '));
    this.name = 'InvalidFieldsError';
  }
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  503: 'Service unavailable',
  504: 'No answer in time',
};

/**
 * fastify's errors (body too large, bad JSON, schema validation) as problem documents. Anything else is a
 * 500 whose detail does not leak internals; it is logged with the request id.
 */
export function problemForError(
  error: FastifyError & { validationContext?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode ?? 500;
  if (error instanceof InvalidFieldsError) {
    const where = error.validationContext ?? 'body';
    return sendProblem(request, reply, {
      status: 400,
      title: TITLES[400],
      detail: `The request's ${where} is invalid`,
      errors: error.issues.map((issue) => ({ ...issue, in: where })),
    });
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, {
      status: 500,
      title: 'Internal server error',
      detail: 'The request failed; see the server log for its request id',
    });
  }
  return sendProblem(request, reply, {
    status,
    title: TITLES[status] ?? 'Request refused',
    detail: error.message,
  });
}
