import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';
import { unauthenticated } from '@hiregraph/platform/auth/tokens';

export interface GoogleIdentity {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  picture: string | null;
}

export interface GoogleIdentityVerifierOptions {
  clientId: string | undefined;
  issuer: string;
  jwksUrl: string;
}

/**
 * Verifies Google (or any OIDC issuer's) ID tokens: signature against the issuer's JWKS, issuer,
 * audience = our client id, expiry. The issuer and JWKS URL are settings so tests run a local issuer.
 */
export class GoogleIdentityVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly issuers: string[];

  constructor(private readonly options: GoogleIdentityVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
    // Google signs with either form of its issuer.
    this.issuers =
      options.issuer === 'https://accounts.google.com'
        ? [options.issuer, 'accounts.google.com']
        : [options.issuer];
  }

  async verify(idToken: string): Promise<GoogleIdentity> {
    if (!this.options.clientId) {
      throw codedError(ErrorCode.NotConfigured, 'Google sign-in is not configured on this server');
    }
    try {
      const { payload } = await jwtVerify(idToken, this.keys, {
        issuer: this.issuers,
        audience: this.options.clientId,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return {
        sub: String(payload.sub),
        email: typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : null,
        emailVerified: payload.email_verified === true || payload.email_verified === 'true',
        name: typeof payload.name === 'string' ? payload.name : null,
        picture: typeof payload.picture === 'string' ? payload.picture : null,
      };
    } catch {
      throw unauthenticated('Invalid Google ID token');
    }
  }
}
