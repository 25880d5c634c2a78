import { SignJWT } from 'jose';
import { ACCESS_TOKEN_ALGORITHM } from '@hiregraph/platform/auth/tokens';
import type { SubgraphConfig } from '@hiregraph/platform/subgraph/service';
import type { User } from '../users/user.entity.js';
import type { Session } from '../sessions/session.entity.js';
import type { AuthPayload } from '../sessions/session.types.js';
import type { SigningKeyStore } from './signing-keys.js';

/**
 * Issues access tokens: EdDSA JWTs naming the session (sid) and carrying the role, so revoking a
 * session (Redis) refuses its access tokens everywhere at once, and a role change ends the sessions.
 */
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeyStore,
    private readonly config: Pick<
      SubgraphConfig,
      'ACCESS_TOKEN_TTL_SECONDS' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'
    >,
  ) {}

  async payload(user: User, session: Session, refreshToken: string): Promise<AuthPayload> {
    const { config } = this;
    const { kid, privateKey } = await this.keys.signingKey();
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({ sid: session.id, role: user.role })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(config.AUTH_ISSUER)
      .setAudience(config.AUTH_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(privateKey);
    return { accessToken, refreshToken, accessTokenExpiresAt: new Date(expiresAt * 1000), user };
  }
}
