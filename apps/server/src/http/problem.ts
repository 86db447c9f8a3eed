import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '@ledgerflow/contracts';
import type { FieldProblem } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends an RFC 9457 problem document. The `type` URI names the stable code in our docs. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: { errors?: readonly FieldProblem[] | undefined; retryAfterSeconds?: number | undefined } = {},
): FastifyReply {
  const body: Problem = {
    type: `https://ledgerflow.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    request_id: request.id,
  };
  if (extra.errors && extra.errors.length > 0) body.errors = [...extra.errors];
  if (extra.retryAfterSeconds !== undefined) body.retry_after_seconds = extra.retryAfterSeconds;
  return reply
    .code(status)
    .header('x-request-id', request.id)
    .type('application/problem+json; charset=utf-8')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body);
}
