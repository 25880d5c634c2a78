import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RevocationStore } from '@hiregraph/libs/auth/revocation';
import type { Role, Viewer } from '@hiregraph/libs/auth/viewer';
import { forbidden } from '@hiregraph/libs/auth/guards';
import { unauthenticated } from '@hiregraph/libs/auth/tokens';
import { notFound } from '@hiregraph/libs/errors';
import { paginate, type Connection, type PageArgs } from '@hiregraph/libs/subgraph/pagination';
import { transactionWithEvents } from '@hiregraph/libs/events/transaction';
import { parseInput } from '@hiregraph/libs/validation';
import { reauthenticate } from '../passwords/reauthentication.js';
import { UserPreferences } from '../preferences/preferences.entity.js';
import { preferencesCacheKey } from '../preferences/preferences.service.js';
import type { UsersServices } from '../services.js';
import { RefreshToken, Session } from '../sessions/session.entity.js';
import { revokeSessions } from '../sessions/session.service.js';
import { User } from './user.entity.js';
import type { UpdateProfileInput } from './user.inputs.js';
import { avatarUrlSchema, fullNameSchema } from './user.schemas.js';

const updateProfileSchema = z.object({
  fullName: fullNameSchema.optional(),
  avatarUrl: avatarUrlSchema.optional(),
});

/**
 * Gives `user` a role. The role travels in access tokens, so the user's sessions end and the next
 * sign-in carries the new one. Shared by the changeRole mutation and the operator's admin CLI.
 */
export async function assignRole(
  em: EntityManager,
  revocations: RevocationStore,
  user: User,
  role: Role,
): Promise<User> {
  user.role = role;
  await em.flush();
  await revokeSessions(em, revocations, user.id);
  return user;
}

/** Profiles, roles and account deletion. */
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly services: Pick<UsersServices, 'revocations' | 'outbox' | 'throttle' | 'redis'>,
  ) {}

  async viewerAccount(viewer: Viewer): Promise<User> {
    const user = await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    return user;
  }

  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<User> {
    const changes = parseInput(updateProfileSchema, input);
    const user = await this.viewerAccount(viewer);
    if (changes.fullName !== undefined) user.fullName = changes.fullName;
    if (changes.avatarUrl !== undefined) user.avatarUrl = changes.avatarUrl;
    await this.em.flush();
    return user;
  }

  async changeRole(admin: Viewer, userId: string, role: Role): Promise<User> {
    // An admin demoting themself could leave nobody able to administer.
    if (userId === admin.id) throw forbidden('Admins cannot change their own role');
    const user = await this.em.findOne(User, { id: userId });
    if (!user) throw notFound('No such user');
    return assignRole(this.em, this.services.revocations, user, role);
  }

  list(page: PageArgs): Promise<Connection<User>> {
    return paginate(this.em, User, {}, page, 'asc');
  }

  /**
   * Deletes an account: the users subgraph's rows go in one transaction that also enqueues
   * user.deleted, on which every other subgraph removes its data about the user.
   */
  async deleteAccount(viewer: Viewer, password: string | null | undefined, ip: string): Promise<boolean> {
    const { revocations, throttle, redis, outbox } = this.services;
    const user = await this.viewerAccount(viewer);
    await reauthenticate(this.em, throttle, viewer, user, password, 'password', ip);
    // Refuse the account's tokens first, so nothing can act for it while its data goes.
    const sessions = await this.em.find(Session, { userId: user.id }, { fields: ['id'] });
    await revocations.revokeSessions(sessions.map((session) => session.id));
    const lastSessions = await transactionWithEvents(this.em.fork(), outbox, async (tx, emit) => {
      const ids = (await tx.find(Session, { userId: user.id }, { fields: ['id'] })).map(
        (session) => session.id,
      );
      await tx.nativeDelete(RefreshToken, { sessionId: { $in: ids } });
      await tx.nativeDelete(Session, { userId: user.id });
      await tx.nativeDelete(UserPreferences, { userId: user.id });
      await tx.nativeDelete(User, { id: user.id });
      await emit('user.deleted', { userId: user.id });
      return ids;
    });
    // A sign-in that slipped in between opened a session the first revocation did not know.
    await revocations.revokeSessions(lastSessions);
    await redis.del(preferencesCacheKey(user.id));
    return true;
  }
}
