import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SignJWT } from 'jose';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ACCESS_TOKEN_ALGORITHM, unauthenticated } from '@hiregraph/libs/auth/tokens';
import type { Role, Viewer } from '@hiregraph/libs/auth/viewer';
import { conflict } from '@hiregraph/libs/errors';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { enqueueEvent } from '@hiregraph/libs/events/outbox';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { parseInput } from '@hiregraph/libs/validation';
import { User } from '../users/user.entity.js';
import { emailSchema, fullNameSchema } from '../users/user.schemas.js';
import type { AuthServices } from './auth-services.js';
import type { GoogleIdentity } from './google.js';
import type { AuthPayload, LoginInput, RegisterInput } from './auth.types.js';
import { assertAcceptablePassword, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { reauthenticate } from './reauthentication.js';
import { RefreshToken, Session } from './session.entity.js';

export interface Client {
  ip: string;
  userAgent: string;
}

const loginSchema = z.object({ email: emailSchema, password: z.string().min(1, 'Password is required') });
const registerSchema = z.object({ email: emailSchema, password: z.string(), fullName: fullNameSchema });

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Accounts and sessions: registration, password and Google sign-in, refresh-token rotation with
 * reuse detection, logout. Access tokens are EdDSA JWTs naming the session (sid), so revoking a
 * session (Redis) refuses its access tokens everywhere at once.
 */
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
    private readonly services: AuthServices,
  ) {}

  private get settings() {
    return this.services.settings;
  }

  async register(input: RegisterInput, client: Client): Promise<AuthPayload> {
    const data = parseInput(registerSchema, input);
    assertAcceptablePassword(data.password, this.settings.PASSWORD_MIN_LENGTH);
    await this.services.registrations.consume(client.ip);
    const passwordHash = await hashPassword(data.password);
    try {
      return await this.withNewSession(client, async (tx) => {
        const user = tx.create(User, {
          email: data.email,
          fullName: data.fullName,
          passwordHash,
          role: this.initialRole(data.email),
        });
        tx.persist(user);
        await this.announceRegistration(tx, user);
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw conflict('An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  async login(input: LoginInput, client: Client): Promise<AuthPayload> {
    const { email, password } = parseInput(loginSchema, input);
    const found: { user?: User | null } = {};
    const valid = await this.services.throttle.attempt(email, client.ip, async () => {
      const user = (found.user = await this.em.findOne(User, { email }));
      // Verify against a dummy hash for unknown accounts so response time does not reveal them.
      const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
      return matches && !!user?.passwordHash;
    });
    if (!valid || !found.user) throw unauthenticated('Wrong email or password');
    const { id } = found.user;
    return this.withNewSession(client, async (tx) => {
      const signedIn = await tx.findOneOrFail(User, { id });
      signedIn.lastLoginAt = new Date();
      return signedIn;
    });
  }

  async signInWithGoogle(idToken: string, client: Client): Promise<AuthPayload> {
    const identity = await this.services.google.verify(idToken);
    try {
      return await this.googleSession(identity, client);
    } catch (error) {
      // Two first sign-ins at once: the loser finds the account the winner created.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.googleSession(identity, client);
    }
  }

  private async googleSession(identity: GoogleIdentity, client: Client): Promise<AuthPayload> {
    let takenOver: string | undefined;
    const payload = await this.withNewSession(client, async (tx) => {
      let user = await tx.findOne(
        User,
        { googleSub: identity.sub },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!user && identity.email && identity.emailVerified) {
        // Link an existing account only through an email Google has verified.
        user = await tx.findOne(User, { email: identity.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (user?.googleSub)
          throw conflict('This email belongs to an account linked to another Google account');
        if (user) {
          user.googleSub = identity.sub;
          if (user.passwordHash) {
            // Registering with a password never proved the email: whoever set that password may not
            // own the address. Google just proved it, so the password and its sessions end here.
            user.passwordHash = null;
            takenOver = user.id;
          }
        }
      }
      if (!user) {
        if (!identity.email || !identity.emailVerified) {
          throw unauthenticated('Google account has no verified email');
        }
        user = tx.create(User, {
          email: identity.email,
          fullName: identity.name?.trim() || identity.email.split('@')[0],
          googleSub: identity.sub,
          avatarUrl: identity.picture,
          role: this.initialRole(identity.email),
        });
        tx.persist(user);
        await this.announceRegistration(tx, user);
      }
      user.lastLoginAt = new Date();
      return user;
    });
    if (takenOver) {
      const sessionId = await this.sessionIdOf(payload.refreshToken);
      await this.revokeSessions(takenOver, { except: sessionId });
    }
    return payload;
  }

  private async sessionIdOf(refreshToken: string): Promise<string | undefined> {
    return (await this.em.fork().findOne(RefreshToken, { tokenHash: sha256(refreshToken) }))?.sessionId;
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
      if (outcome.revoked) await this.runtime.revocations.revokeSession(outcome.revoked);
      throw unauthenticated(outcome.error);
    }
    return this.payload(outcome.user, outcome.session, outcome.refreshToken);
  }

  async logout(viewer: Viewer): Promise<boolean> {
    await this.revokeSessions(viewer.id, { only: viewer.sessionId });
    return true;
  }

  async logoutAll(viewer: Viewer): Promise<boolean> {
    await this.revokeSessions(viewer.id);
    return true;
  }

  async changePassword(
    viewer: Viewer,
    currentPassword: string,
    newPassword: string,
    client: Client,
  ): Promise<boolean> {
    const user = await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    await reauthenticate(
      this.em,
      this.services.throttle,
      viewer,
      user,
      currentPassword,
      'currentPassword',
      client.ip,
    );
    assertAcceptablePassword(newPassword, this.settings.PASSWORD_MIN_LENGTH, 'newPassword');
    user.passwordHash = await hashPassword(newPassword);
    await this.em.flush();
    // Other devices must sign in again with the new password.
    await this.revokeSessions(viewer.id, { except: viewer.sessionId });
    return true;
  }

  /** Revokes a user's active sessions (all, all but one, or just one), in the database and Redis. */
  async revokeSessions(userId: string, scope: { only?: string; except?: string } = {}): Promise<string[]> {
    const where = {
      userId,
      revokedAt: null,
      ...(scope.only ? { id: scope.only } : scope.except ? { id: { $ne: scope.except } } : {}),
    };
    const sessions = await this.em.find(Session, where);
    const ids = sessions.map((session) => session.id);
    if (ids.length > 0) {
      // Redis first: if the database update then fails, the tokens are refused anyway (the caller
      // asked for that) rather than staying valid for their remaining lifetime.
      await this.runtime.revocations.revokeSessions(ids);
      await this.em.nativeUpdate(Session, { id: { $in: ids } }, { revokedAt: new Date() });
    }
    return ids;
  }

  /** Opens a session for the user `prepare` returns, in the same transaction, and issues its tokens. */
  private async withNewSession(
    client: Client,
    prepare: (tx: EntityManager) => Promise<User>,
  ): Promise<AuthPayload> {
    const now = new Date();
    const { user, session, refreshToken, evicted } = await this.em.fork().transactional(async (tx) => {
      const user = await prepare(tx);
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
    });
    await this.runtime.revocations.revokeSessions(evicted);
    void this.runtime.outbox.wake();
    return this.payload(user, session, refreshToken);
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
    const excess = active.slice(this.settings.MAX_SESSIONS_PER_USER - 1).map((session) => session.id);
    if (excess.length > 0) await tx.nativeUpdate(Session, { id: { $in: excess } }, { revokedAt: new Date() });
    return excess;
  }

  /** Emails listed in BOOTSTRAP_ADMIN_EMAILS become admins when they register (the first admin). */
  private initialRole(email: string): Role {
    return this.settings.BOOTSTRAP_ADMIN_EMAILS.includes(email) ? 'ADMIN' : 'USER';
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
    return new Date(now.getTime() + this.settings.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }

  private async announceRegistration(tx: EntityManager, user: User): Promise<void> {
    await enqueueEvent(
      tx,
      createEvent(
        'user.registered',
        { userId: user.id, email: user.email, fullName: user.fullName },
        { producer: 'users' },
      ),
    );
  }

  private async payload(user: User, session: Session, refreshToken: string): Promise<AuthPayload> {
    const { config } = this.runtime;
    const { kid, privateKey } = await this.services.keys.signingKey();
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
