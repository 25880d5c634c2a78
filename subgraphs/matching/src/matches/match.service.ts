import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, type AuthContext } from '@hiregraph/libs/auth/guards';
import { badUserInput } from '@hiregraph/libs/errors';
import { bury, isBuried, lockTombstone } from '@hiregraph/libs/db/tombstones';
import { newId } from '@hiregraph/libs/ids';
import { parseInput } from '@hiregraph/libs/validation';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { Match } from './match.entity.js';
import type { RecordMatchInput } from './match.inputs.js';

const recordMatchSchema = z.object({
  resumeId: z.uuid('resumeId must be a UUID'),
  jobId: z.uuid('jobId must be a UUID'),
  score: z.number().min(0, 'score must be between 0 and 1').max(1, 'score must be between 0 and 1'),
});

export class MatchService {
  constructor(private readonly em: EntityManager) {}

  /** Records the score of a (resume, job) pair; recording the pair again updates its score. */
  async record(input: RecordMatchInput): Promise<Match> {
    const data = parseInput(recordMatchSchema, input);
    const id = await this.em.transactional(async (tx) => {
      // Under the resume's, owner's and job's locks (in the order KnownResumeService takes them), so a
      // deletion of any of them either came first and is seen here, or waits and removes this match.
      await lockTombstone(tx, 'resume', data.resumeId);
      const resume = await tx.findOne(KnownResume, { resumeId: data.resumeId });
      if (!resume || (await isBuried(tx, 'user', resume.ownerId)))
        throw badUserInput('Unknown resume', { field: 'resumeId' });
      if (await isBuried(tx, 'job', data.jobId))
        throw badUserInput('This job was removed', { field: 'jobId' });
      // One statement, so concurrent recordings of the same pair cannot both insert.
      const [row] = await tx.execute<{ id: string }[]>(
        `insert into matches (id, resume_id, owner_id, job_id, score, created_at) values (?, ?, ?, ?, ?, now())
         on conflict (resume_id, job_id) do update set score = excluded.score returning id`,
        [newId(), data.resumeId, resume.ownerId, data.jobId, data.score],
      );
      return row.id;
    });
    return this.em.findOneOrFail(Match, { id }, { refresh: true });
  }

  /** Matches of a resume, for its owner or an admin; an unknown resume has none. */
  async listForResume(ctx: AuthContext, resumeId: string, limit: number): Promise<Match[]> {
    const resume = await this.em.findOne(KnownResume, { resumeId });
    if (!resume) return [];
    assertOwnerOrAdmin(ctx, resume.ownerId);
    return this.em.find(Match, { resumeId }, { orderBy: { score: 'desc', id: 'asc' }, limit });
  }

  /** Forgets a removed job and its matches, in the caller's transaction. */
  static async forgetJob(tx: EntityManager, jobId: string): Promise<void> {
    await bury(tx, 'job', jobId);
    await MatchService.removeWhere(tx, { jobId });
  }

  static async removeWhere(tx: EntityManager, where: FilterQuery<Match>): Promise<void> {
    await tx.nativeDelete(Match, where);
  }
}
