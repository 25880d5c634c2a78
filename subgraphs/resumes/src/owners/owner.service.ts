import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@hiregraph/libs/events/envelope';
import { bury, isBuried } from '@hiregraph/libs/db/tombstones';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { ResumeService } from '../resumes/resume.service.js';
import { ResumeOwner } from './owner.entity.js';

/** The local projection of accounts, and what happens to a person's data when their account goes. */
export class OwnerService {
  constructor(private readonly runtime: Pick<SubgraphRuntime, 'storage' | 'config'>) {}

  /**
   * Projects a registration, unless the account was deleted already: a replayed or late
   * `user.registered` must not bring back a deleted person's name and email. The tombstone check
   * holds the account's lock, so a concurrent deletion either came first or waits for this.
   */
  async project(tx: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> {
    if (await isBuried(tx, 'user', event.data.userId)) return;
    await tx.upsert(ResumeOwner, {
      userId: event.data.userId,
      email: event.data.email,
      fullName: event.data.fullName,
      registeredAt: new Date(event.occurredAt),
    });
  }

  /** Removes a deleted account's resumes, their files and its projection row, in `tx`. */
  async forget(tx: EntityManager, userId: string): Promise<void> {
    // Buried first: writers about this account wait for (or already finished before) this transaction.
    await bury(tx, 'user', userId);
    await ResumeService.removeAllOf(tx, this.runtime, userId);
    await tx.nativeDelete(ResumeOwner, { userId });
  }
}
