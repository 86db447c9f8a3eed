import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

export const Role = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')]);
export type Role = Static<typeof Role>;

const Email = Type.String({ format: 'email', maxLength: 254 });
/** 12+ characters: NIST SP 800-63B asks for length, not composition rules. */
const NewPassword = Type.String({ minLength: 12, maxLength: 256 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: NewPassword,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organization_name: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    organization_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const TokenPair = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  refresh_token: Type.String(),
  refresh_expires_in: Type.Integer(),
});
export type TokenPair = Static<typeof TokenPair>;

export const AcceptInviteBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 512 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false },
);
export type AcceptInviteBody = Static<typeof AcceptInviteBody>;

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
});
export type User = Static<typeof User>;

export const Organization = Type.Object({
  id: Uuid,
  name: Type.String(),
  created_at: Timestamp,
});
export type Organization = Static<typeof Organization>;

export const Me = Type.Object({
  user: User,
  organization: Organization,
  role: Role,
  organizations: Type.Array(Type.Object({ id: Uuid, name: Type.String(), role: Role })),
});
export type Me = Static<typeof Me>;
