import { decodeJwt } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '@hiregraph/platform/errors';
import type { AccessTokenVerifier } from '@hiregraph/platform/auth/tokens';
import type { Logger } from '@hiregraph/platform/logger';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { LiveCloseCode, type LiveClient } from './bridge.js';

/** A connected live client (a WebSocket, or one SSE response). */
export interface LiveConnection extends LiveClient {
  expiresAt: number;
}

/** The bearer token of a connection_init payload: `{ authorization: 'Bearer …' }` or `{ token }`. */
export function tokenFromParams(params: Record<string, unknown> | undefined | null): string | undefined {
  const authorization = params?.authorization ?? params?.Authorization;
  const token =
    typeof authorization === 'string'
      ? /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1]
      : typeof params?.token === 'string'
        ? params.token
        : undefined;
  return token === undefined ? undefined : flatCopy(token);
}

/**
 * A copy of `text` that holds no reference to a larger string: V8 represents a substring (the
 * token cut out of "Bearer …", of a parsed message) as a slice that keeps the whole parent alive,
 * and a connection keeps its token for as long as it is open.
 */
const flatCopy = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/** How often connections are checked for an expired token (one timer for all of them). */
const EXPIRY_CHECK_MS = 1_000;

/**
 * Keeps live connections honest about who they are: each is closed with 4401 when its access token
 * expires without being renewed (checked every second), and with 4403 when its session is revoked
 * (checked every `checkEveryMs` against Redis, as each request is).
 */
export class LiveConnections {
  private readonly connections = new Set<LiveConnection>();
  private readonly sweep: NodeJS.Timeout;
  /** One timer for every connection's expiry, not one each: 10,000 idle sockets, one timer. */
  private readonly expirySweep: NodeJS.Timeout;
  private checking = false;
  private closed = false;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly logger: Logger,
    checkEveryMs: number,
  ) {
    this.sweep = setInterval(() => void this.checkRevocations(), checkEveryMs);
    this.sweep.unref();
    this.expirySweep = setInterval(() => this.closeExpired(Date.now()), EXPIRY_CHECK_MS);
    this.expirySweep.unref();
  }

  get size(): number {
    return this.connections.size;
  }

  /** Verifies `token` (UNAUTHENTICATED error when bad) and returns the viewer and its expiry. */
  async authenticate(token: string): Promise<{ viewer: Viewer; expiresAt: number }> {
    const viewer = await this.tokens.verify(token);
    return { viewer, expiresAt: (decodeJwt(token).exp ?? 0) * 1000 };
  }

  add(connection: LiveConnection): void {
    this.connections.add(connection);
  }

  delete(connection: LiveConnection): void {
    this.connections.delete(connection);
  }

  /**
   * A fresh token for the same session keeps the connection past the old token's expiry. A token of
   * another session (even the same user's) would let a revoked session's subscriptions live on
   * under a new name: the connection is closed with 4403 instead, as when its session is revoked.
   */
  async renew(connection: LiveConnection, token: string): Promise<void> {
    let renewed: { viewer: Viewer; expiresAt: number };
    try {
      renewed = await this.authenticate(token);
    } catch (error) {
      if (error instanceof GraphQLError && /revoked/i.test(error.message)) {
        connection.close(LiveCloseCode.Forbidden, 'Forbidden: session revoked');
        return;
      }
      throw error;
    }
    const { viewer, expiresAt } = renewed;
    if (viewer.id !== connection.viewer.id) {
      connection.close(LiveCloseCode.Forbidden, 'Forbidden: the new token is for another user');
      return;
    }
    if (viewer.sessionId !== connection.viewer.sessionId) {
      connection.close(LiveCloseCode.Forbidden, 'Forbidden: the new token is for another session');
      return;
    }
    connection.token = token;
    connection.viewer = viewer;
    connection.expiresAt = expiresAt;
  }

  private closeExpired(now: number): void {
    for (const connection of this.connections) {
      if (connection.expiresAt <= now) {
        // Closed once: the transport removes it when its socket or stream ends.
        connection.expiresAt = Infinity;
        connection.close(LiveCloseCode.Unauthorized, 'Unauthorized: access token expired');
      }
    }
  }

  private async checkRevocations(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      // One check per token: a client's many connections (or tabs) share it.
      const checks = new Map<string, Promise<unknown>>();
      const warned = new Set<unknown>();
      for (const connection of [...this.connections]) {
        if (this.closed) return;
        let check = checks.get(connection.token);
        if (!check) {
          check = this.tokens.verify(connection.token).then(
            () => undefined,
            (error: unknown) => error,
          );
          checks.set(connection.token, check);
        }
        this.onChecked(connection, await check, warned);
      }
    } finally {
      this.checking = false;
    }
  }

  private onChecked(connection: LiveConnection, error: unknown, warned: Set<unknown>): void {
    if (error === undefined) return;
    const message = (error as Error).message;
    if (!(error instanceof GraphQLError) || error.extensions.code !== ErrorCode.Unauthenticated) {
      // Redis unreachable: keep the connection, check again next round (logged once per round).
      if (warned.size === 0) this.logger.warn({ err: error }, 'live: revocation check failed');
      warned.add(error);
    } else if (/revoked/i.test(message)) {
      connection.close(LiveCloseCode.Forbidden, 'Forbidden: session revoked');
    } else {
      connection.close(LiveCloseCode.Unauthorized, `Unauthorized: ${message}`);
    }
  }

  /** Ends every connection (the gateway is stopping); clients reconnect elsewhere with their cursor. */
  close(): void {
    this.closed = true;
    for (const connection of [...this.connections]) connection.close(1001, 'Going away');
    clearInterval(this.sweep);
    clearInterval(this.expirySweep);
  }
}
