import { createHash, randomBytes } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '@hiregraph/platform/auth/tokens';
import type { RevocationStore } from '@hiregraph/platform/auth/revocation';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { transactionWithEvents, type Emit } from '@hiregraph/platform/events/transaction';
import type { UsersServices } from '../services.js';
import { User } from '../users/user.entity.js';
import { RefreshToken, Session } from './session.entity.js';
import type { AuthPayload } from './session.types.js';

export interface Client {
  ip: string;
  userAgent: string;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Which of a user's active sessions to revoke: all, all but one, or just one. */
export interface SessionScope {
  only?: string;
  except?: string;
}

/** Revokes a user's active sessions in Redis, then in the database; returns their ids. */
export async function revokeSessions(
  em: EntityManager,
  revocations: RevocationStore,
  userId: string,
  scope: SessionScope = {},
): Promise<string[]> {
  const where = {
    userId,
    revokedAt: null,
    ...(scope.only ? { id: scope.only } : scope.except ? { id: { $ne: scope.except } } : {}),
  };
  const ids = (await em.find(Session, where, { fields: ['id'] })).map((session) => session.id);
  if (ids.length > 0) {
    // Redis first: if the database update then fails, the tokens are refused anyway (the caller
    // asked for that) rather than staying valid for their remaining lifetime.
    await revocations.revokeSessions(ids);
    await em.nativeUpdate(Session, { id: { $in: ids } }, { revokedAt: new Date() });
  }
  return ids;
}

/**
 * Sessions: opening one (with its tokens) for whoever just proved who they are, refresh-token
 * rotation with reuse detection, logout.
 */
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly services: Pick<UsersServices, 'settings' | 'revocations' | 'outbox' | 'tokens'>,
  ) {}

  /**
   * Opens a session for the user `prepare` returns, in the same transaction (events `prepare`
   * emits commit with it), and issues its tokens.
   */
  async open(
    client: Client,
    prepare: (tx: EntityManager, emit: Emit) => Promise<User>,
  ): Promise<AuthPayload> {
    const now = new Date();
    const { user, session, refreshToken, evicted } = await transactionWithEvents(
      this.em.fork(),
      this.services.outbox,
      async (tx, emit) => {
        const user = await prepare(tx, emit);
        const session = tx.create(Session, {
          userId: user.id,
          expiresAt: this.refreshExpiry(now),
          ip: client.ip,
          userAgent: client.userAgent,
        });
        tx.persist(session);
        const refreshToken = this.newRefreshToken(tx, session, now);
        const evicted = await this.evictOldestSessions(tx, user.id, session.id);
        return { user, session, refreshToken, evicted };
      },
    );
    await this.services.revocations.revokeSessions(evicted);
    return this.services.tokens.payload(user, session, refreshToken);
  }

  /** Rotates a refresh token. Presenting an already-used one revokes its whole session (theft). */
  async refresh(token: string, client: Client): Promise<AuthPayload> {
    const now = new Date();
    type Outcome =
      { error: string; revoked?: string } | { user: User; session: Session; refreshToken: string };
    const outcome = await this.em.fork().transactional(async (tx): Promise<Outcome> => {
      const presented = await tx.findOne(
        RefreshToken,
        { tokenHash: sha256(token) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!presented) return { error: 'Invalid refresh token' };
      const session = await tx.findOne(
        Session,
        { id: presented.sessionId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!session || session.revokedAt) return { error: 'Session has ended' };
      if (presented.usedAt) {
        session.revokedAt = now;
        return { error: 'Refresh token was already used; the session is revoked', revoked: session.id };
      }
      if (presented.expiresAt <= now || session.expiresAt <= now) return { error: 'Refresh token expired' };
      presented.usedAt = now;
      session.lastUsedAt = now;
      session.expiresAt = this.refreshExpiry(now);
      session.ip = client.ip;
      const user = await tx.findOne(User, { id: session.userId });
      if (!user) return { error: 'Account no longer exists' };
      const refreshToken = this.newRefreshToken(tx, session, now);
      return { user, session, refreshToken };
    });
    if ('error' in outcome) {
      if (outcome.revoked) await this.services.revocations.revokeSession(outcome.revoked);
      throw unauthenticated(outcome.error);
    }
    return this.services.tokens.payload(outcome.user, outcome.session, outcome.refreshToken);
  }

  async logout(viewer: Viewer): Promise<boolean> {
    await this.revoke(viewer.id, { only: viewer.sessionId });
    return true;
  }

  async logoutAll(viewer: Viewer): Promise<boolean> {
    await this.revoke(viewer.id);
    return true;
  }

  revoke(userId: string, scope: SessionScope = {}): Promise<string[]> {
    return revokeSessions(this.em, this.services.revocations, userId, scope);
  }

  /** The session a refresh token belongs to. */
  async sessionIdOf(refreshToken: string): Promise<string | undefined> {
    return (await this.em.fork().findOne(RefreshToken, { tokenHash: sha256(refreshToken) }))?.sessionId;
  }

  /** Keeps at most MAX_SESSIONS_PER_USER active sessions, the new one included: the oldest go. */
  private async evictOldestSessions(
    tx: EntityManager,
    userId: string,
    newSessionId: string,
  ): Promise<string[]> {
    // Serialize concurrent sign-ins of one user so the limit holds.
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`sessions:${userId}`]);
    const active = await tx.find(
      Session,
      { userId, id: { $ne: newSessionId }, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'desc' }, fields: ['id'] },
    );
    // `active` leaves out the session being opened, which takes the last place.
    const excess = active
      .slice(this.services.settings.MAX_SESSIONS_PER_USER - 1)
      .map((session) => session.id);
    if (excess.length > 0) await tx.nativeUpdate(Session, { id: { $in: excess } }, { revokedAt: new Date() });
    return excess;
  }

  private newRefreshToken(tx: EntityManager, session: Session, now: Date): string {
    const token = randomBytes(32).toString('base64url');
    tx.persist(
      tx.create(RefreshToken, {
        sessionId: session.id,
        tokenHash: sha256(token),
        expiresAt: this.refreshExpiry(now),
      }),
    );
    return token;
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.services.settings.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }
}
