import { Type, type Static } from 'typebox';
import { PageQuery, Timestamp, Uuid } from './common.js';

export const AuditAction = Type.Union([
  Type.Literal('auth.login.succeeded'),
  Type.Literal('auth.login.failed'),
  Type.Literal('file.uploaded'),
  Type.Literal('file.downloaded'),
  Type.Literal('file.deleted'),
  Type.Literal('member.added'),
  Type.Literal('member.invited'),
  Type.Literal('member.removed'),
  Type.Literal('member.role_changed'),
]);
export type AuditAction = Static<typeof AuditAction>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  action: Type.String(),
  user_id: Type.Union([Uuid, Type.Null()]),
  target_type: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  created_at: Timestamp,
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    ...PageQuery,
    action: Type.Optional(Type.String({ maxLength: 64 })),
    user_id: Type.Optional(Uuid),
    since: Type.Optional(Timestamp),
    until: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
