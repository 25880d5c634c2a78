import { z } from 'zod';

/**
 * The event catalog: every domain event type, declared once. TypeScript types come from the
 * schemas (z.infer) and the published JSON Schemas in schema/events/ are exported from them.
 * Changing a schema incompatibly means a new `version`.
 */
export const eventCatalog = {
  'user.registered': {
    version: 1,
    producer: 'users',
    description: 'A new account was created.',
    schema: z.object({
      userId: z.uuid(),
      email: z.email(),
      fullName: z.string().min(1),
    }),
  },
  'user.deleted': {
    version: 1,
    producer: 'users',
    description: "An account was deleted; every service removes that user's data.",
    schema: z.object({ userId: z.uuid() }),
  },
  'resume.created': {
    version: 1,
    producer: 'resumes',
    description: 'A resume was created.',
    schema: z.object({ resumeId: z.uuid(), ownerId: z.uuid() }),
  },
  'resume.deleted': {
    version: 1,
    producer: 'resumes',
    description: 'A resume was deleted.',
    schema: z.object({ resumeId: z.uuid(), ownerId: z.uuid() }),
  },
  'resume.status_changed': {
    version: 1,
    producer: 'resumes',
    description: "A resume's processing status changed (import started, parsed, or failed).",
    schema: z.object({
      resumeId: z.uuid(),
      ownerId: z.uuid(),
      status: z.enum(['PROCESSING', 'PARSED', 'FAILED']),
      detail: z.string(),
    }),
  },
  'job.created': {
    version: 1,
    producer: 'jobs',
    description: 'A job posting was published.',
    schema: z.object({ jobId: z.uuid(), postedById: z.uuid() }),
  },
  'job.deleted': {
    version: 1,
    producer: 'jobs',
    description: 'A job posting was removed.',
    schema: z.object({ jobId: z.uuid(), postedById: z.uuid() }),
  },
} as const satisfies Record<
  string,
  { version: number; producer: string; description: string; schema: z.ZodType }
>;

export type EventType = keyof typeof eventCatalog;
export type EventData<Type extends EventType> = z.infer<(typeof eventCatalog)[Type]['schema']>;

export const EVENT_TYPES = Object.keys(eventCatalog) as EventType[];
