import type { Redis } from '@hiregraph/libs/redis';
import type { Logger } from '@hiregraph/libs/logger';
import { Job } from './job.entity.js';

/** Seconds a hot job stays cached; writes invalidate it sooner. */
export const JOB_CACHE_TTL_SECONDS = 3600;

export const jobCacheKey = (id: string) => `cache:job:${id}`;

const DATE_FIELDS = [
  'postedAt',
  'firstSeenAt',
  'lastCrawledAt',
  'closedAt',
  'createdAt',
  'updatedAt',
] as const;

/**
 * `cache:job:{id}`: open postings as read by `job(id)`. Only open postings are cached (they are
 * public); a cache failure never fails a read, it only costs a database query.
 */
export class JobCache {
  constructor(
    private readonly redis: Redis,
    private readonly logger?: Logger,
  ) {}

  async get(id: string): Promise<Job | null> {
    try {
      const json = await this.redis.get(jobCacheKey(id));
      return json ? revive(JSON.parse(json) as Record<string, unknown>) : null;
    } catch (error) {
      this.logger?.warn({ err: error }, 'job cache read failed');
      return null;
    }
  }

  async set(job: Job): Promise<void> {
    try {
      await this.redis.set(jobCacheKey(job.id), JSON.stringify(plain(job)), 'EX', JOB_CACHE_TTL_SECONDS);
    } catch (error) {
      this.logger?.warn({ err: error }, 'job cache write failed');
    }
  }

  /** Must succeed: a stale posting would otherwise be served for up to an hour. */
  async forget(...ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.del(...ids.map(jobCacheKey));
  }
}

function plain(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    postedById: job.postedById ?? null,
    source: job.source,
    externalId: job.externalId ?? null,
    sourceUrl: job.sourceUrl ?? null,
    urlHash: job.urlHash ?? null,
    fingerprint: job.fingerprint ?? null,
    title: job.title,
    company: job.company,
    location: { ...job.location },
    remote: job.remote ?? null,
    employmentType: job.employmentType ?? null,
    seniority: job.seniority ?? null,
    salary: { ...job.salary },
    description: job.description,
    requirements: { ...job.requirements },
    skills: job.skills,
    rawHtmlKey: job.rawHtmlKey ?? null,
    isActive: job.isActive,
    ...Object.fromEntries(DATE_FIELDS.map((field) => [field, job[field]?.toISOString() ?? null])),
  };
}

/** A detached Job (not managed by any EntityManager) carrying the cached fields. */
function revive(data: Record<string, unknown>): Job {
  for (const field of DATE_FIELDS) {
    if (typeof data[field] === 'string') data[field] = new Date(data[field]);
  }
  return Object.assign(Object.create(Job.prototype) as Job, data);
}
