import type { EntityManager } from '@mikro-orm/postgresql';
import { bury } from '@hiregraph/platform/db/tombstones';
import { ResumeProfileService } from '../resume-profiles/resume-profile.service.js';
import { OwnerPreferenceService } from '../owner-preferences/owner-preference.service.js';

/**
 * Forgets what matching knows of a deleted resume or account, across the folders that hold it (so
 * known-resumes, below them, need not import them). Every method runs in the caller's transaction
 * (an event consumer's).
 */
export class DeletionService {
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
