import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode, isDependencyUnavailable, serviceUnavailable } from '../errors.js';
import { isUuid } from '../ids.js';
import type { RevocationStore } from './revocation.js';
import { Roles, type AccessTokenClaims, type Viewer } from './viewer.js';

export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
/** Verified tokens remembered per process (a few MB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface AccessTokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  revocations: RevocationStore;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
  });
}

/**
 * Verifies a bearer access token: signature with a published key (EdDSA only, so `alg: none` and
 * algorithm confusion fail), issuer, audience, expiry, claim shapes, then revocation in Redis.
 */
export class AccessTokenVerifier {
  /**
   * Tokens whose signature and claims already checked out, until they expire: a client sends the
   * same token with every request, and signature checks dominated the CPU profile. Revocation is
   * still asked of Redis every time.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(private readonly options: AccessTokenVerifierOptions) {}

  async verify(token: string): Promise<Viewer> {
    const claims = this.verified.get(token) ?? (await this.verifySignatureAndClaims(token));
    if (claims.exp * 1000 <= Date.now()) {
      this.verified.delete(token);
      throw unauthenticated('Access token expired');
    }
    if (await this.isRevoked(claims)) throw unauthenticated('Access token revoked');
    return { id: claims.sub, role: claims.role, sessionId: claims.sid };
  }

  /** Revocations live in Redis: while it is down no token can be trusted, so the request is refused (503). */
  private async isRevoked(claims: AccessTokenClaims): Promise<boolean> {
    try {
      return await this.options.revocations.isRevoked(claims);
    } catch (error) {
      if (isDependencyUnavailable(error)) throw serviceUnavailable();
      throw error;
    }
  }

  private async verifySignatureAndClaims(token: string): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.options.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      });
      claims = payload as unknown as AccessTokenClaims;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Access token expired');
      // The keys could not be loaded (JWKS endpoint or key database down): not the token's fault.
      if (error instanceof joseErrors.JWKSTimeout || isDependencyUnavailable(error))
        throw serviceUnavailable();
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('Invalid access token');
      // Anything else came from the key resolver finding no key for the token's `kid` (a forged or
      // long-retired key): the token cannot be verified, which is the caller's problem, not ours.
      throw unauthenticated('Invalid access token');
    }
    if (!isUuid(claims.sub) || !isUuid(claims.sid) || !Roles.includes(claims.role)) {
      throw unauthenticated('Invalid access token');
    }
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // Oldest first (Map keeps insertion order).
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, claims);
    return claims;
  }

  /** The viewer of a request: null without an Authorization header, an error for a bad one. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }
}

const JWKS_COOLDOWN_MS = 1_000;

/**
 * The users subgraph's published keys, fetched over HTTP and cached. An unknown `kid` (a rotated
 * key) triggers a refetch, at most once a second so forged kids cannot flood the users subgraph;
 * a token arriving within that second waits for the next allowed refetch instead of failing.
 */
export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: 10 * 60_000,
  });
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || !keySet.coolingDown) throw error;
      await new Promise((resolve) => setTimeout(resolve, JWKS_COOLDOWN_MS));
      return keySet(header, token);
    }
  };
}
