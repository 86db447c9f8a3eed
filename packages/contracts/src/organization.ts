import { Type, type Static } from 'typebox';
import { Role } from './auth.js';
import { Timestamp, Uuid } from './common.js';

export const Member = Type.Object({
  user_id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  joined_at: Timestamp,
});
export type Member = Static<typeof Member>;

export const AddMemberBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('member')], { default: 'member' }),
  },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

/**
 * Always an invitation, whether or not the email has an account: the answer reveals nothing about other
 * accounts, and nobody becomes a member without accepting.
 */
export const AddMemberResult = Type.Object({
  status: Type.Literal('invited'),
  invitation: Type.Object({
    id: Uuid,
    email: Type.String(),
    role: Role,
    expires_at: Timestamp,
    token: Type.String({ description: 'One-time token; give it to the invitee. Shown only once.' }),
  }),
});
export type AddMemberResult = Static<typeof AddMemberResult>;

export const UpdateMemberBody = Type.Object(
  { role: Type.Union([Type.Literal('admin'), Type.Literal('member')]) },
  { additionalProperties: false },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const MemberParams = Type.Object({ userId: Uuid }, { additionalProperties: false });
export type MemberParams = Static<typeof MemberParams>;
