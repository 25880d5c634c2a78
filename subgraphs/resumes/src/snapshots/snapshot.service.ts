import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/platform/auth/guards';
import { badUserInput, notFound } from '@hiregraph/platform/errors';
import { parseInput } from '@hiregraph/platform/validation';
import { Resume } from '../resumes/resume.entity.js';
import type { ResumeService } from '../resumes/resume.service.js';
import { diffDocuments, type ResumeDiff } from './resume-diff.js';
import { ResumeVersion } from '../resumes/resume-version.entity.js';
import { ResumeSnapshot } from './snapshot.entity.js';

const nameSchema = z.string().trim().min(1, 'A snapshot needs a name').max(200);
/** Snapshots per resume: each pins a version against pruning. */
export const MAX_SNAPSHOTS = 100;

/** Named snapshots (pointers at kept versions), restoring them, and diffs between versions. */
export class SnapshotService {
  constructor(
    private readonly em: EntityManager,
    private readonly resumes: ResumeService,
  ) {}

  /** Removes a deleted resume's snapshots, in the caller's transaction. */
  static async removeAllOfResume(tx: EntityManager, resumeId: string): Promise<void> {
    await tx.nativeDelete(ResumeSnapshot, { resumeId });
  }

  /** Removes an owner's snapshots, in the caller's transaction (user.deleted). */
  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(ResumeSnapshot, { ownerId });
  }

  private async ownedResume(ctx: AuthContext, resumeId: string): Promise<Resume> {
    const resume = await this.em.findOne(Resume, { id: resumeId });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    return resume;
  }

  async create(ctx: AuthContext, resumeId: string, name: string): Promise<ResumeSnapshot> {
    const resume = await this.ownedResume(ctx, resumeId);
    return this.em.transactional((tx) => SnapshotService.pin(tx, resume, name));
  }

  /** Names `resume`'s current version, in the caller's transaction; at most MAX_SNAPSHOTS per resume. */
  static async pin(tx: EntityManager, resume: Resume, name: string): Promise<ResumeSnapshot> {
    const valid = parseInput(nameSchema, name);
    if ((await tx.count(ResumeSnapshot, { resumeId: resume.id })) >= MAX_SNAPSHOTS)
      throw badUserInput(`A resume keeps at most ${MAX_SNAPSHOTS} snapshots; delete one first`, {
        field: 'name',
      });
    const snapshot = tx.create(ResumeSnapshot, {
      resumeId: resume.id,
      ownerId: resume.ownerId,
      name: valid,
      version: resume.version,
    });
    tx.persist(snapshot);
    return snapshot;
  }

  async list(ctx: AuthContext, resumeId: string): Promise<ResumeSnapshot[]> {
    await this.ownedResume(ctx, resumeId);
    return this.em.find(ResumeSnapshot, { resumeId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  async restore(ctx: AuthContext, snapshotId: string): Promise<Resume> {
    const snapshot = await this.em.findOne(ResumeSnapshot, { id: snapshotId });
    if (!snapshot) throw notFound('No such snapshot');
    assertOwnerOrAdmin(ctx, snapshot.ownerId);
    return this.resumes.restoreVersion(ctx, snapshot.resumeId, snapshot.version);
  }

  async diff(ctx: AuthContext, resumeId: string, from: number, to: number): Promise<ResumeDiff> {
    await this.ownedResume(ctx, resumeId);
    const [before, after] = await Promise.all(
      [from, to].map((version) => this.em.findOne(ResumeVersion, { resumeId, version })),
    );
    if (!before) throw notFound(`Version ${from} is not kept`);
    if (!after) throw notFound(`Version ${to} is not kept`);
    return { resumeId, from, to, changes: diffDocuments(before, after) };
  }
}
