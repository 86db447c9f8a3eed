import { Type, type TObject } from 'typebox';

/**
 * Every error response is a problem document (the shared `Problem` schema), sent and documented as
 * `application/problem+json` (RFC 9457).
 */
const ProblemRef = Type.Unsafe<unknown>({ $ref: 'Problem#' });
const problem = (description: string) =>
  Type.Unsafe<unknown>({ description, content: { 'application/problem+json': { schema: ProblemRef } } });
export const problemResponses = {
  '4xx': problem('A problem with the request: see `code`, `detail` and `errors`'),
  '5xx': problem('The service could not answer: see `code`; `request_id` finds it in the logs'),
} as const;

/** Routes that need a bearer token say so in the OpenAPI document. */
export const bearer = [{ bearerAuth: [] }];

const Binary = { type: 'string', format: 'binary' } as const;

/** A file download's 200 response, with the media types it is sent as. */
export const binaryFile = (description: string, mediaTypes: readonly string[]) =>
  Type.Unsafe<unknown>({
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: Binary }])),
  });

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A multipart/form-data request body, for the OpenAPI document only (so /docs offers a file picker):
     * the route reads the parts itself, streaming the file, and validates the text fields afterwards.
     */
    multipartBody?: unknown;
  }
}

/**
 * The `multipartBody` of an upload route: a required `file` and the route's optional text fields. Each
 * optional field carries an empty example: Swagger UI otherwise fills the form with generated samples
 * ("string", a made-up account id, the first format) and sends them, so the upload fails.
 */
export const multipartBody = (file: string, fields?: TObject) => ({
  type: 'object',
  required: ['file'],
  properties: {
    file: { ...Binary, description: file },
    ...Object.fromEntries(
      Object.entries(fields?.properties ?? {}).map(([name, schema]) => [name, { ...schema, example: '' }]),
    ),
  },
});
