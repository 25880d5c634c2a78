import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { Role } from '../auth/viewer.js';

/**
 * Stands in for the users subgraph's token issuing in a single subgraph's tests: an Ed25519 key
 * whose JWKS is served over HTTP, minting access tokens the subgraph verifies for real.
 */
export interface TestTokenIssuer {
  jwksUrl: string;
  token(options?: { userId?: string; role?: Role; sessionId?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = randomUUID();
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' }],
  });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    token: ({ userId = randomUUID(), role = 'USER', sessionId = randomUUID() } = {}) =>
      new SignJWT({ sid: sessionId, role })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(userId)
        .setIssuer('hiregraph')
        .setAudience('hiregraph')
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
