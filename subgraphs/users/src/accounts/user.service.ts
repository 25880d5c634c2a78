import { z } from 'zod';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RevocationStore } from '@hiregraph/platform/auth/revocation';
import type { Role, Viewer } from '@hiregraph/platform/auth/viewer';
import { forbidden } from '@hiregraph/platform/auth/guards';
import { unauthenticated } from '@hiregraph/platform/auth/tokens';
import { conflict, notFound } from '@hiregraph/platform/errors';
import { detachedMapper, findDetachedOne } from '@hiregraph/platform/db/detached';
import { usernameSchema } from '@hiregraph/platform/usernames';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import { parseInput } from '@hiregraph/platform/validation';
import { reauthenticate } from '../passwords/reauthentication.js';
import { UserPreferences } from '../preferences/preferences.entity.js';
import { MatchNotification, OutgoingEmail } from '../email/email.entity.js';
import { WebhookDelivery, WebhookEndpoint } from '../webhooks/webhook.entity.js';
import { preferencesCacheKey } from '../preferences/preferences.service.js';
import type { UsersServices } from '../services.js';
import { RefreshToken, Session } from '../sessions/session.entity.js';
import { revokeSessions } from '../sessions/session.service.js';
import { User } from '../users/user.entity.js';
import type { UpdateProfileInput } from './user.inputs.js';
import { avatarUrlSchema, fullNameSchema } from '../users/user.schemas.js';

const setUsernameSchema = z.object({ username: usernameSchema });

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

  /**
   * The viewer's account as a detached read-only row with the columns of `fields` (the GraphQL fields
   * selected; null: all): for `me`, which only serialises it. Changes go through viewerAccount.
   */
  async viewerProfile(viewer: Viewer, fields: readonly string[] | null): Promise<User> {
    const mapper = detachedMapper(this.em, User);
    const user = mapper
      ? await findDetachedOne(this.em, User, mapper, { id: viewer.id }, fields)
      : await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    return user;
  }

  async viewerAccount(viewer: Viewer): Promise<User> {
    const user = await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    return user;
  }

  /** Changes the public profile; others hear of it through user.updated, in the same transaction. */
  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<User> {
    const changes = parseInput(updateProfileSchema, input);
    return this.changePublicProfile(viewer, (user) => {
      const changed: string[] = [];
      if (changes.fullName !== undefined && changes.fullName !== user.fullName) {
        user.fullName = changes.fullName;
        changed.push('fullName');
      }
      if (changes.avatarUrl !== undefined && changes.avatarUrl !== user.avatarUrl) {
        user.avatarUrl = changes.avatarUrl;
        changed.push('avatarUrl');
      }
      return changed;
    });
  }

  /**
   * Gives the viewer a handle (validated, lower-cased, reserved words refused); one taken by another
   * account, in any case, is a CONFLICT.
   */
  async setUsername(viewer: Viewer, username: string): Promise<User> {
    const wanted = parseInput(setUsernameSchema, { username }).username;
    try {
      return await this.changePublicProfile(viewer, (user) => {
        if (user.username === wanted) return [];
        user.username = wanted;
        return ['username'];
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw conflict('This username is taken', { field: 'username' });
      throw error;
    }
  }

  private async changePublicProfile(viewer: Viewer, apply: (user: User) => string[]): Promise<User> {
    return transactionWithEvents(this.em, this.services.outbox, async (tx, emit) => {
      const user = await tx.findOne(User, { id: viewer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) throw unauthenticated('Account no longer exists');
      const previousUsername = user.username;
      const changed = apply(user);
      if (!changed.length) return user;
      await tx.flush();
      await emit('user.updated', {
        userId: user.id,
        fullName: user.fullName,
        username: user.username,
        previousUsername,
        avatarUrl: user.avatarUrl,
        changed,
      });
      return user;
    });
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
      await tx.nativeDelete(WebhookDelivery, { ownerId: user.id });
      await tx.nativeDelete(WebhookEndpoint, { ownerId: user.id });
      await tx.nativeDelete(MatchNotification, { ownerId: user.id });
      await tx.nativeDelete(OutgoingEmail, { userId: user.id, status: 'PENDING' });
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
