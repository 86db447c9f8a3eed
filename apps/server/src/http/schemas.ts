import { Type } from 'typebox';

/** Every error response is a problem document (registered once as the shared `Problem` schema). */
const ProblemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });
export const problemResponses = { '4xx': ProblemRef, '5xx': ProblemRef } as const;

/** Routes that need a bearer token say so in the OpenAPI document. */
export const bearer = [{ bearerAuth: [] }];

/** A file download's 200 response, for the OpenAPI document. */
export const binaryFile = (description: string) =>
  Type.Unsafe<unknown>({ description, type: 'string', format: 'binary' });
