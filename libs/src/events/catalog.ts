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
  'job.upserted': {
    version: 1,
    producer: 'jobs',
    description:
      'A job posting was published, imported or changed; carries what matching needs without calling back.',
    schema: z.object({
      jobId: z.uuid(),
      /** Null for imported postings. */
      postedById: z.uuid().nullable(),
      source: z.string(),
      externalId: z.string().nullable(),
      title: z.string(),
      company: z.string(),
      location: z.object({
        city: z.string().nullable(),
        region: z.string().nullable(),
        countryCode: z.string().nullable(),
      }),
      remote: z.enum(['FULL', 'HYBRID', 'NONE']).nullable(),
      employmentType: z.string().nullable(),
      seniority: z.enum(['INTERN', 'JUNIOR', 'MID', 'SENIOR', 'LEAD', 'PRINCIPAL', 'EXECUTIVE']).nullable(),
      yearsOfExperience: z.number().int().nullable(),
      requiredSkills: z.array(z.string()),
      preferredSkills: z.array(z.string()),
      salary: z
        .object({
          min: z.number().nullable(),
          max: z.number().nullable(),
          currency: z.string().nullable(),
          period: z.enum(['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR']).nullable(),
          yearlyUsd: z.number().nullable(),
        })
        .nullable(),
      /** The description as text (markdown). */
      description: z.string(),
      postedAt: z.iso.datetime().nullable(),
      /** True the first time this posting is announced. */
      created: z.boolean(),
    }),
  },
  'job.closed': {
    version: 1,
    producer: 'jobs',
    description:
      'A job posting stopped taking applicants (closed by its poster, gone from its feed) or was removed with its poster account.',
    schema: z.object({
      jobId: z.uuid(),
      postedById: z.uuid().nullable(),
      reason: z.enum(['CLOSED', 'EXPIRED', 'POSTER_DELETED']),
    }),
  },
} as const satisfies Record<
  string,
  { version: number; producer: string; description: string; schema: z.ZodType }
>;

export type EventType = keyof typeof eventCatalog;
export type EventData<Type extends EventType> = z.infer<(typeof eventCatalog)[Type]['schema']>;

export const EVENT_TYPES = Object.keys(eventCatalog) as EventType[];
