import { RefillSafeCache } from '@hiregraph/platform/cache';
import type { Redis } from '@hiregraph/platform/redis';
import type { Logger } from '@hiregraph/platform/logger';
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
  private readonly cache: RefillSafeCache;

  constructor(
    redis: Redis,
    private readonly logger?: Logger,
  ) {
    this.cache = new RefillSafeCache(redis, JOB_CACHE_TTL_SECONDS);
  }

  /** The cached posting, or null with the ticket a refill must present (see RefillSafeCache). */
  async lookup(id: string): Promise<{ job: Job | null; ticket: string | null }> {
    try {
      const { value, ticket } = await this.cache.lookup(jobCacheKey(id));
      return { job: value ? revive(JSON.parse(value) as Record<string, unknown>) : null, ticket };
    } catch (error) {
      this.logger?.warn({ err: error }, 'job cache read failed');
      return { job: null, ticket: null };
    }
  }

  /** Caches a posting read after `lookup`, unless it was changed (invalidated) meanwhile. */
  async fill(ticket: string | null, job: Job): Promise<void> {
    if (ticket === null) return; // the lookup failed: no ticket, no refill
    try {
      await this.cache.fill(jobCacheKey(job.id), ticket, JSON.stringify(plain(job)));
    } catch (error) {
      this.logger?.warn({ err: error }, 'job cache write failed');
    }
  }

  /** Must succeed: a stale posting would otherwise be served for up to an hour. */
  async forget(...ids: string[]): Promise<void> {
    await this.cache.invalidate(...ids.map(jobCacheKey));
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
