import type { EntityManager } from '@mikro-orm/postgresql';
import { bury, isBuried } from '@hiregraph/libs/db/tombstones';
import { MatchService } from '../matches/match.service.js';
import { KnownResume } from './known-resume.entity.js';

/**
 * Which resumes exist and who owns them, projected from resume and account events. Every method
 * runs in the caller's transaction (an event consumer's).
 */
export class KnownResumeService {
  /** Learns of a resume, unless it or its owner was deleted already (a late or replayed event). */
  static async learn(tx: EntityManager, resumeId: string, ownerId: string): Promise<void> {
    // Locks in the order resume, user (as MatchService.record does), so the two never deadlock.
    if ((await isBuried(tx, 'resume', resumeId)) || (await isBuried(tx, 'user', ownerId))) return;
    await tx.upsert(KnownResume, { resumeId, ownerId });
  }

  /** Forgets a deleted resume and its matches. */
  static async forgetResume(tx: EntityManager, resumeId: string): Promise<void> {
    await bury(tx, 'resume', resumeId);
    await MatchService.removeWhere(tx, { resumeId });
    await tx.nativeDelete(KnownResume, { resumeId });
  }

  /** Forgets a deleted account's resumes and their matches. */
  static async forgetOwner(tx: EntityManager, userId: string): Promise<void> {
    await bury(tx, 'user', userId);
    await MatchService.removeWhere(tx, { ownerId: userId });
    await tx.nativeDelete(KnownResume, { ownerId: userId });
  }
}
