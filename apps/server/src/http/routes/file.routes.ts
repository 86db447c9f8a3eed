import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FileListQuery, IdParams, Page, StoredFile } from '@ledgerflow/contracts';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { AppError, ErrorCode } from '../../errors.js';
import { registerUploads } from '../multipart-upload.js';
import { principalOf, requestMeta } from '../plugins/auth.js';
import { present } from '../presenters.js';
import { bearer, binaryFile, multipartBody, problemResponses } from '../schemas.js';
import { sendFile } from '../send-file.js';

/** Generic stored files of the organization: upload, list, metadata, download, delete (all audited). */
export const fileRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { files } = container.services;
  await registerUploads(app, container.config.uploadMaxBytes);
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Upload a file (multipart/form-data, field `file`)',
        security: bearer,
        multipartBody: multipartBody('The file to store (up to UPLOAD_MAX_BYTES)'),
        response: { 201: StoredFile, ...problemResponses },
      },
    },
    async (request, reply) => {
      const part = await request.file();
      if (!part || part.fieldname !== 'file') {
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          400,
          'Send the file in a multipart field named "file"',
          [{ path: '/body/file', message: 'is required' }],
        );
      }
      const row = await files.upload(
        principalOf(request),
        {
          stream: part.file,
          fileName: part.filename,
          contentType: part.mimetype || 'application/octet-stream',
          purpose: 'upload',
        },
        requestMeta(request),
      );
      return reply.code(201).send(present.file(row));
    },
  );

  app.get(
    '/files',
    {
      schema: {
        tags: ['files'],
        summary: 'List stored files',
        security: bearer,
        querystring: FileListQuery,
        response: { 200: Page(StoredFile), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const { items, total } = await files.list(principalOf(request), {
        purpose: request.query.purpose,
        limit,
        offset,
      });
      return { items: items.map(present.file), total, limit, offset };
    },
  );

  app.get(
    '/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: "A file's metadata",
        security: bearer,
        params: IdParams,
        response: { 200: StoredFile, ...problemResponses },
      },
    },
    async (request) => present.file(await files.get(principalOf(request), request.params.id)),
  );

  app.get(
    '/files/:id/download',
    {
      schema: {
        tags: ['files'],
        summary: 'Download a file (audited)',
        security: bearer,
        params: IdParams,
        response: {
          200: binaryFile('The file, as the media type it was uploaded with', ['*/*']),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { file, body } = await files.download(
        principalOf(request),
        request.params.id,
        requestMeta(request),
      );
      return sendFile(reply, { ...file, fileName: file.originalName }, body);
    },
  );

  app.delete(
    '/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'Delete a file (audited)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await files.delete(principalOf(request), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
