import type { Redis } from '@hiregraph/libs/redis';
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

export class ResumeCache {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<Resume | null> {
    const raw = await this.redis.get(key(id));
    if (!raw) return null;
    const data = JSON.parse(raw) as Record<string, unknown>;
    // A detached instance (no constructor: no fresh id), so the GraphQL getters work as on a loaded row.
    return Object.assign(Object.create(Resume.prototype) as Resume, data, {
      createdAt: new Date(data.createdAt as string),
      updatedAt: new Date(data.updatedAt as string),
    });
  }

  async set(resume: Resume): Promise<void> {
    const data = Object.fromEntries(CACHED_RESUME_FIELDS.map((field) => [field, resume[field]]));
    await this.redis.set(key(resume.id), JSON.stringify(data), 'EX', TTL_SECONDS);
  }

  async invalidate(...ids: string[]): Promise<void> {
    if (ids.length) await this.redis.del(...ids.map(key));
  }
}
