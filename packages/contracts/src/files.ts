import { Type, type Static } from 'typebox';
import { PageQuery, Timestamp, Uuid } from './common.js';

export const StoredFile = Type.Object({
  id: Uuid,
  original_name: Type.String(),
  content_type: Type.String(),
  size_bytes: Type.Integer(),
  sha256: Type.String(),
  purpose: Type.String(),
  created_by: Type.Union([Uuid, Type.Null()]),
  created_at: Timestamp,
});
export type StoredFile = Static<typeof StoredFile>;

export const FileListQuery = Type.Object(
  { ...PageQuery, purpose: Type.Optional(Type.String({ maxLength: 32 })) },
  { additionalProperties: false },
);
export type FileListQuery = Static<typeof FileListQuery>;
