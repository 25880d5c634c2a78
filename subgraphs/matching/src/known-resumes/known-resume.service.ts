import type { EntityManager } from '@mikro-orm/postgresql';
import { bury, isBuried } from '@hiregraph/libs/db/tombstones';
import { ResumeProfileService } from '../resume-profiles/resume-profile.service.js';
import { OwnerPreferenceService } from '../owner-preferences/owner-preference.service.js';
import { KnownResume } from './known-resume.entity.js';

/**
 * Which resumes exist and who owns them, projected from resume and account events. Every method
 * runs in the caller's transaction (an event consumer's).
 */
export class KnownResumeService {
  /** Learns of a resume, unless it or its owner was deleted already (a late or replayed event). */
  static async learn(tx: EntityManager, resumeId: string, ownerId: string): Promise<void> {
    // Locks in the order resume, user, so the two never deadlock.
    if ((await isBuried(tx, 'resume', resumeId)) || (await isBuried(tx, 'user', ownerId))) return;
    await tx.upsert(KnownResume, { resumeId, ownerId });
  }

  /** Forgets a deleted resume: profile, chunks, vectors, matches. */
  static async forgetResume(tx: EntityManager, resumeId: string): Promise<void> {
    await bury(tx, 'resume', resumeId);
    await ResumeProfileService.forget(tx, { resumeId });
  }

  /** Forgets a deleted account: its resumes, their matches, its preferences. */
  static async forgetOwner(tx: EntityManager, userId: string): Promise<void> {
    await bury(tx, 'user', userId);
    await ResumeProfileService.forget(tx, { ownerId: userId });
    await OwnerPreferenceService.forget(tx, userId);
  }
}
