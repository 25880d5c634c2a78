import { RefillSafeCache } from '@hiregraph/platform/cache';
import type { Redis } from '@hiregraph/platform/redis';
import { Resume } from './resume.entity.js';

/** Hot resumes in Redis. Holds data only: every read still checks who is asking (ResumeService.read). */
const TTL_SECONDS = 3600;
const key = (id: string) => `cache:resume:${id}`;

/** Every column of a resume, so that a cache hit answers exactly as a loaded row would. */
export const CACHED_RESUME_FIELDS = [
  'id',
  'ownerId',
  'title',
  'isDefault',
  'status',
  'statusDetail',
  'statusReason',
  'version',
  'source',
  'originalFileKey',
  'markdown',
  'document',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Resume)[];

/** A cache miss carries the ticket its refill must present (see RefillSafeCache). */
export interface ResumeLookup {
  resume: Resume | null;
  ticket: string;
}

export class ResumeCache {
  private readonly cache: RefillSafeCache;

  constructor(redis: Redis) {
    this.cache = new RefillSafeCache(redis, TTL_SECONDS);
  }

  async lookup(id: string): Promise<ResumeLookup> {
    const { value, ticket } = await this.cache.lookup(key(id));
    if (!value) return { resume: null, ticket };
    const data = JSON.parse(value) as Record<string, unknown>;
    // A detached instance (no constructor: no fresh id), so the GraphQL getters work as on a loaded row.
    const resume = Object.assign(Object.create(Resume.prototype) as Resume, data, {
      createdAt: new Date(data.createdAt as string),
      updatedAt: new Date(data.updatedAt as string),
    });
    return { resume, ticket };
  }

  /** Caches a row read after `lookup` gave `ticket`, unless a writer invalidated it meanwhile. */
  async fill(ticket: string, resume: Resume): Promise<void> {
    const data = Object.fromEntries(CACHED_RESUME_FIELDS.map((field) => [field, resume[field]]));
    await this.cache.fill(key(resume.id), ticket, JSON.stringify(data));
  }

  async invalidate(...ids: string[]): Promise<void> {
    await this.cache.invalidate(...ids.map(key));
  }

  /** The reader's protocol in one place: the cache, else `load` (the database), refilled safely. */
  async readThrough(id: string, load: () => Promise<Resume | null>): Promise<Resume | null> {
    const { resume: cached, ticket } = await this.lookup(id);
    if (cached) return cached;
    const resume = await load();
    if (resume) await this.fill(ticket, resume);
    return resume;
  }
}
