import { errors, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.js';

const ISSUER = 'ledgerflow';
const AUDIENCE = 'ledgerflow-api';
/** The only algorithm we sign with, and so the only one we accept: `none`, RS/ES confusion are refused. */
const ALGORITHM = 'HS256';

export interface AccessClaims {
  userId: string;
  organizationId: string;
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ org: claims.organizationId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.org !== 'string') {
        throw new AppError(ErrorCode.TOKEN_INVALID, 401, 'Access token is invalid');
      }
      return { userId: payload.sub, organizationId: payload.org };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new AppError(ErrorCode.TOKEN_EXPIRED, 401, 'Access token has expired; refresh it', undefined, {
          cause: error,
        });
      }
      throw new AppError(ErrorCode.TOKEN_INVALID, 401, 'Access token is invalid', undefined, {
        cause: error,
      });
    }
  }
}
