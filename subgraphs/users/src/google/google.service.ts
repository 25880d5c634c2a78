import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '@hiregraph/platform/auth/tokens';
import { conflict } from '@hiregraph/platform/errors';
import type { UsersServices } from '../services.js';
import { SessionService, type Client } from '../sessions/session.service.js';
import type { AuthPayload } from '../sessions/session.types.js';
import { User } from '../users/user.entity.js';
import { userRegisteredEvent } from '../users/user-registered.js';
import type { GoogleIdentity } from './google-identity.js';

/** Sign-in with a Google ID token: creates the account, or links one through a verified email. */
export class GoogleSignInService {
  private readonly sessions: SessionService;

  constructor(
    em: EntityManager,
    private readonly services: UsersServices,
  ) {
    this.sessions = new SessionService(em, services);
  }

  async signIn(idToken: string, client: Client): Promise<AuthPayload> {
    const identity = await this.services.google.verify(idToken);
    try {
      return await this.openSession(identity, client);
    } catch (error) {
      // Two first sign-ins at once: the loser finds the account the winner created.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.openSession(identity, client);
    }
  }

  private async openSession(identity: GoogleIdentity, client: Client): Promise<AuthPayload> {
    let takenOver: string | undefined;
    const payload = await this.sessions.open(client, async (tx, emit) => {
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
        });
        tx.persist(user);
        await emit('user.registered', userRegisteredEvent(user));
      }
      user.lastLoginAt = new Date();
      return user;
    });
    if (takenOver) {
      const sessionId = await this.sessions.sessionIdOf(payload.refreshToken);
      await this.sessions.revoke(takenOver, { except: sessionId });
    }
    return payload;
  }
}
