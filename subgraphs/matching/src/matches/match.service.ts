import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@hiregraph/libs/ids';
import { parseInput } from '@hiregraph/libs/validation';
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
    // One statement, so concurrent recordings of the same pair cannot both insert.
    const [row] = await this.em.execute<{ id: string }[]>(
      `insert into matches (id, resume_id, job_id, score, created_at) values (?, ?, ?, ?, now())
       on conflict (resume_id, job_id) do update set score = excluded.score returning id`,
      [newId(), data.resumeId, data.jobId, data.score],
    );
    return this.em.findOneOrFail(Match, { id: row.id }, { refresh: true });
  }

  listForResume(resumeId: string, limit: number): Promise<Match[]> {
    return this.em.find(Match, { resumeId }, { orderBy: { score: 'desc', id: 'asc' }, limit });
  }
}
