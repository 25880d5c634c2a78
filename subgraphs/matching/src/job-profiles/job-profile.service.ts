import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmbeddingProvider } from '@hiregraph/ai/embeddings';
import { isBuried } from '@hiregraph/platform/db/tombstones';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { PERIODS_PER_YEAR } from '@hiregraph/platform/graphql/salary-period';
import { contentHash } from '../embeddings/content-hash.js';
import { upsertJobEmbeddings } from '../matches/candidates.js';
import { MatchService } from '../matches/match.service.js';
import { pgArray } from '../matches/projections.js';
import { enqueueRecompute } from '../matches/queue.js';
import { pgQueryableOf } from '@hiregraph/platform/db/pg-queryable';

type UpsertedJob = EventData<'job.upserted'>;

const REMOTE = { FULL: 'REMOTE', HYBRID: 'HYBRID', NONE: 'ONSITE' } as const;

/** What is embedded for a posting: what it is, what it asks for, and what it says. */
export function jobEmbeddingText(job: {
  title: string;
  requiredSkills: string[];
  preferredSkills: string[];
  description: string;
}): string {
  return [
    job.title,
    job.requiredSkills.length > 0 ? `Requirements: ${job.requiredSkills.join(', ')}` : '',
    job.preferredSkills.length > 0 ? `Nice to have: ${job.preferredSkills.join(', ')}` : '',
    job.description.slice(0, 4000),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The projection of postings: profile (salary as yearly figures) and one vector per model. */
export class JobProfileService {
  static async project(
    tx: EntityManager,
    provider: EmbeddingProvider,
    data: UpsertedJob,
    occurredAt: Date,
    debounceMs: number,
  ): Promise<void> {
    if (await isBuried(tx, 'job', data.jobId)) return;
    const [current] = await tx.execute<{ closed_at: Date | null; updated_at: Date }[]>(
      'select closed_at, updated_at from job_profiles where job_id = ? for update',
      [data.jobId],
    );
    // An older event than what is projected (or than the closing) changes nothing.
    if (current && new Date(current.updated_at) > occurredAt) return;
    if (current?.closed_at && new Date(current.closed_at) >= occurredAt) return;
    const perYear = data.salary?.period ? PERIODS_PER_YEAR[data.salary.period] : 1;
    const yearly = (value: number | null | undefined) => (value == null ? null : value * perYear);
    const location = [data.location.city, data.location.region, data.location.countryCode]
      .filter(Boolean)
      .join(', ');
    const embedded = jobEmbeddingText(data);
    const hash = contentHash([
      embedded,
      data.location,
      data.remote,
      data.seniority,
      data.yearsOfExperience,
      data.salary,
      data.postedAt,
    ]);
    await tx.execute(
      `insert into job_profiles (job_id, title, company, location, remote, seniority, years_min, years_max,
         required_skills, preferred_skills, salary_min, salary_max, salary_currency, description, posted_at,
         closed_at, updated_at, posted_by_id, content_hash)
       values (?, ?, ?, ?, ?, ?, ?, null, ?::text[], ?::text[], ?, ?, ?, ?, ?, null, ?, ?, ?)
       on conflict (job_id) do update set title = excluded.title, company = excluded.company,
         location = excluded.location, remote = excluded.remote, seniority = excluded.seniority,
         years_min = excluded.years_min, required_skills = excluded.required_skills,
         preferred_skills = excluded.preferred_skills, salary_min = excluded.salary_min,
         salary_max = excluded.salary_max, salary_currency = excluded.salary_currency,
         description = excluded.description, posted_at = excluded.posted_at, closed_at = null,
         updated_at = excluded.updated_at, posted_by_id = excluded.posted_by_id, content_hash = excluded.content_hash`,
      [
        data.jobId,
        data.title,
        data.company,
        location || null,
        data.remote ? REMOTE[data.remote] : null,
        data.seniority,
        data.yearsOfExperience,
        pgArray(data.requiredSkills),
        pgArray(data.preferredSkills),
        yearly(data.salary?.min),
        yearly(data.salary?.max),
        data.salary?.currency ?? null,
        data.description,
        data.postedAt ? new Date(data.postedAt) : null,
        occurredAt,
        data.postedById,
        hash,
      ],
    );
    const [same] = await tx.execute(
      'select 1 from job_embeddings where job_id = ? and model = ? and content_hash = ?',
      [data.jobId, provider.model, hash],
    );
    if (same) {
      await tx.execute('update job_embeddings set open = true where job_id = ?', [data.jobId]);
    } else {
      const [embedding] = await provider.embed([embedded]);
      await tx.execute('delete from job_embeddings where job_id = ? and model <> ?', [
        data.jobId,
        provider.model,
      ]);
      await upsertJobEmbeddings(pgQueryableOf(tx), [
        { jobId: data.jobId, model: provider.model, embedding, contentHash: hash, open: true },
      ]);
    }
    await enqueueRecompute(tx, 'job', data.jobId, debounceMs);
  }

  static async close(tx: EntityManager, data: EventData<'job.closed'>, occurredAt: Date): Promise<void> {
    await MatchService.closeJob(tx, data.jobId, occurredAt, data.reason === 'POSTER_DELETED');
  }
}
