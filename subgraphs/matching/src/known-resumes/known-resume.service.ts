import type { EntityManager } from '@mikro-orm/postgresql';
import { isBuried } from '@hiregraph/platform/db/tombstones';
import { KnownResume } from './known-resume.entity.js';

/**
 * Which resumes exist and who owns them, projected from resume events (forgetting them on deletion
 * is deletions/, which builds on the profiles). Every method runs in the caller's transaction (an
 * event consumer's).
 */
export class KnownResumeService {
  /** Learns of a resume, unless it or its owner was deleted already (a late or replayed event). */
  static async learn(tx: EntityManager, resumeId: string, ownerId: string): Promise<void> {
    // Locks in the order resume, user, so the two never deadlock.
    if ((await isBuried(tx, 'resume', resumeId)) || (await isBuried(tx, 'user', ownerId))) return;
    await tx.upsert(KnownResume, { resumeId, ownerId });
  }
}
