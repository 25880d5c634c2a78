import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { bury, isBuried } from '@hiregraph/platform/db/tombstones';
import type { Redis } from '@hiregraph/platform/redis';
import { normalizeUsername } from '@hiregraph/platform/usernames';
import { ResumeOwner } from './owner.entity.js';
import { usernameCacheKey } from './username-cache.js';

/**
 * Removes everything of an account's kept elsewhere in this subgraph (resumes and their files,
 * sharing, exports, targets), in `tx`. Handed in (services.ts wires it), so owners/, which the
 * other folders build on, depends on none of them.
 */
export type RemoveAccountData = (tx: EntityManager, userId: string) => Promise<void>;

/** The local projection of accounts, and what happens to a person's data when their account goes. */
export class OwnerService {
  constructor(
    private readonly redis: Redis,
    private readonly removeAccountData: RemoveAccountData,
  ) {}

  /**
   * Projects a registration, unless the account was deleted already: a replayed or late
   * `user.registered` must not bring back a deleted person's name and email. The tombstone check
   * holds the account's lock, so a concurrent deletion either came first or waits for this.
   */
  async project(tx: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> {
    if (await isBuried(tx, 'user', event.data.userId)) return;
    const username = event.data.username ? normalizeUsername(event.data.username) : null;
    if (username) await this.releaseUsername(tx, username, event.data.userId);
    await tx.upsert(ResumeOwner, {
      userId: event.data.userId,
      email: event.data.email,
      fullName: event.data.fullName,
      ...(username ? { username } : {}),
      registeredAt: new Date(event.occurredAt),
    });
  }

  /**
   * Applies a profile change (name, handle). The registration must be projected first: until then
   * this throws, and the event is redelivered later. Drops the cached handles, old and new.
   */
  async update(tx: EntityManager, event: EventEnvelope<'user.updated'>): Promise<void> {
    const { userId } = event.data;
    if (await isBuried(tx, 'user', userId)) return;
    const owner = await tx.findOne(ResumeOwner, { userId });
    if (!owner) throw new Error(`user.updated for ${userId} before its registration was projected`);
    const occurredAt = new Date(event.occurredAt);
    if (owner.profileChangedAt && owner.profileChangedAt > occurredAt) return;
    const previous = [owner.username, event.data.previousUsername].filter((name): name is string => !!name);
    const username = event.data.username ? normalizeUsername(event.data.username) : null;
    if (username) await this.releaseUsername(tx, username, userId);
    owner.fullName = event.data.fullName;
    if (event.data.username !== undefined) owner.username = username;
    owner.profileChangedAt = occurredAt;
    await tx.flush();
    const keys = [...new Set([...previous, ...(username ? [username] : [])])].map(usernameCacheKey);
    if (keys.length) await this.redis.del(...keys);
  }

  /** Removes a deleted account's resumes, their files and its projection row, in `tx`. */
  async forget(tx: EntityManager, userId: string): Promise<void> {
    // Buried first: writers about this account wait for (or already finished before) this transaction.
    await bury(tx, 'user', userId);
    const owner = await tx.findOne(ResumeOwner, { userId });
    await this.removeAccountData(tx, userId);
    await tx.nativeDelete(ResumeOwner, { userId });
    if (owner?.username) await this.redis.del(usernameCacheKey(owner.username));
  }

  /** A handle belongs to one account: whoever held it before this event no longer does. */
  private async releaseUsername(tx: EntityManager, username: string, holder: string): Promise<void> {
    await tx.execute('update resume_owners set username = null where lower(username) = ? and user_id <> ?', [
      username,
      holder,
    ]);
  }
}
