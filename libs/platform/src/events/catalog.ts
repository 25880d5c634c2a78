import { z } from 'zod';
import { REQUIREMENTS_MAX_TEXT_LENGTH } from './limits.js';

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
      /** The public handle, when the account has one (added later: older events lack it). */
      username: z.string().nullable().optional(),
    }),
  },
  'user.updated': {
    version: 1,
    producer: 'users',
    description:
      "An account's public profile changed (full name, avatar or username); carries the current values and what changed.",
    schema: z.object({
      userId: z.uuid(),
      fullName: z.string().min(1),
      /** The current handle (null: none). */
      username: z.string().nullable().optional(),
      /** The handle before this change, so caches keyed by it can be dropped. */
      previousUsername: z.string().nullable().optional(),
      avatarUrl: z.string().nullable().optional(),
      /** Which fields changed: fullName, avatarUrl, username. */
      changed: z.array(z.string()).optional(),
    }),
  },
  'user.deleted': {
    version: 1,
    producer: 'users',
    description: "An account was deleted; every service removes that user's data.",
    schema: z.object({ userId: z.uuid() }),
  },
  'user.preferences_updated': {
    version: 1,
    producer: 'users',
    description:
      "An account's job-search preferences changed (or were reset): what matching ranks and notifies with.",
    schema: z.object({
      userId: z.uuid(),
      desiredTitles: z.array(z.string()),
      locations: z.array(z.string()),
      remotePolicy: z.enum(['ANY', 'ONSITE', 'HYBRID', 'REMOTE']),
      /** Yearly, in salaryCurrency (any currency when null). */
      minimumSalary: z.number().nullable(),
      salaryCurrency: z.string().nullable(),
      seniority: z.enum(['INTERN', 'JUNIOR', 'MID', 'SENIOR', 'LEAD', 'PRINCIPAL', 'EXECUTIVE']).nullable(),
      /** Recruiters may see this user's resumes among a posting's candidates. */
      openToRecruiters: z.boolean(),
      /** Matches scoring at least this (0–100) are announced with match.found. */
      matchThreshold: z.number().int().min(0).max(100),
    }),
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
  'resume.updated': {
    version: 1,
    producer: 'resumes',
    description: 'A resume changed (content, title, order, visibility, default or a restored snapshot).',
    schema: z.object({ resumeId: z.uuid(), ownerId: z.uuid(), version: z.number().int().positive() }),
  },
  'resume.status_changed': {
    version: 1,
    producer: 'resumes',
    description:
      'An import moved a resume to PROCESSING, PARSED or FAILED, with a detail a person understands.',
    schema: z.object({
      resumeId: z.uuid(),
      ownerId: z.uuid(),
      status: z.enum(['PROCESSING', 'PARSED', 'FAILED']),
      detail: z.string().nullable(),
    }),
  },
  'resume.parsed': {
    version: 1,
    producer: 'resumes',
    description:
      "A PARSED resume's content, emitted whenever it changes: everything matching needs without calling back. Chunk ids are stable across edits (derived from item ids).",
    schema: z.object({
      resumeId: z.uuid(),
      ownerId: z.uuid(),
      version: z.number().int().positive(),
      markdown: z.string(),
      /** Skill names and keywords, normalized by the shared taxonomy: canonical `name` and `id` when known, `raw` as written. */
      skills: z.array(z.object({ name: z.string(), raw: z.string(), id: z.string().optional() })),
      work: z.array(
        z.object({
          itemId: z.uuid(),
          company: z.string().optional(),
          position: z.string().optional(),
          startDate: z.string().optional(),
          endDate: z.string().optional(),
          current: z.boolean(),
        }),
      ),
      /** Years covered by work entries, overlaps counted once. */
      totalYears: z.number().nonnegative(),
      education: z.array(
        z.object({
          itemId: z.uuid(),
          institution: z.string().optional(),
          area: z.string().optional(),
          studyType: z.string().optional(),
          endDate: z.string().optional(),
        }),
      ),
      location: z
        .object({
          city: z.string().optional(),
          region: z.string().optional(),
          countryCode: z.string().optional(),
        })
        .optional(),
      chunks: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['SUMMARY', 'WORK', 'PROJECT', 'SKILL_GROUP']),
          text: z.string(),
        }),
      ),
    }),
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
  'job.found': {
    version: 1,
    producer: 'jobs',
    description:
      "An import found postings: a batch of up to a few hundred RawJobPostings (bounded in bytes) from one import, each with its dedupe key; the jobs subgraph's ingestion consumer normalizes and upserts them. Internal to jobs.",
    schema: z.object({
      importId: z.uuid(),
      source: z.string(),
      /** Position of this batch in its import (0, 1, …). */
      batch: z.number().int().min(0),
      postings: z.array(
        z.object({
          /** Index of the item in the feed. */
          index: z.number().int().min(0),
          dedupeKey: z.string(),
          dedupeKind: z.enum(['url', 'external_id', 'content']),
          urlHash: z.string().nullable(),
          /** SHA-256 of the posting as found: an unchanged hash is a duplicate. */
          contentHash: z.string(),
          /** S3 key of the page it was read from (HTML and crawled postings). */
          rawHtmlKey: z.string().nullable(),
          /** The RawJobPosting (ingestion/posting.ts), dates as ISO text, without its raw HTML. */
          posting: z.looseObject({
            title: z.string(),
            company: z.string().nullable(),
            sourceUrl: z.string().nullable(),
            externalId: z.string().nullable(),
          }),
        }),
      ),
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
  'job_import.progress': {
    version: 1,
    producer: 'jobs',
    description:
      "A job import's counts moved (at batch boundaries, at most every half second) or it ended: the last event of an import has done = true and status COMPLETED or FAILED. Feeds jobImportProgress.",
    schema: z.object({
      importId: z.uuid(),
      /** Who started it; null for the operator CLI. */
      createdById: z.uuid().nullable(),
      source: z.string(),
      status: z.enum(['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED']),
      counts: z.object({
        received: z.number().int(),
        new: z.number().int(),
        updated: z.number().int(),
        duplicate: z.number().int(),
        rejected: z.number().int(),
        closed: z.number().int(),
      }),
      /** The import ended (COMPLETED or FAILED): no event of it follows. */
      done: z.boolean(),
      /** Why it failed (a coded reason and message); null otherwise. */
      error: z.string().nullable(),
    }),
  },
  'match.found': {
    version: 1,
    producer: 'matching',
    description:
      "A resume's match with a job reached its owner's threshold, or improved on the score last announced.",
    schema: z.object({
      matchId: z.uuid(),
      resumeId: z.uuid(),
      jobId: z.uuid(),
      ownerId: z.uuid(),
      /** 0–100. */
      score: z.number(),
      /** The score last announced for this pair; null the first time. */
      previousScore: z.number().nullable(),
    }),
  },
  'requirements.created': {
    version: 1,
    producer: 'matching',
    description:
      'A user kept a job description of their own (createRequirements); carries what was extracted, so resumes can offer it as a tailoring target.',
    schema: z.object({
      requirementsId: z.uuid(),
      ownerId: z.uuid(),
      title: z.string(),
      /** Canonical skill ids: the key requirements. */
      requiredSkills: z.array(z.string()),
      preferredSkills: z.array(z.string()),
    }),
  },
  'requirements.deleted': {
    version: 1,
    producer: 'matching',
    description: "A user's job description was deleted.",
    schema: z.object({ requirementsId: z.uuid(), ownerId: z.uuid() }),
  },
  'requirements.upload_submitted': {
    version: 1,
    producer: 'matching',
    description:
      'A user asked for requirements from an uploaded file (createRequirements with uploadId): the requirements wait EXTRACTING until resumes, which owns uploads, answers with upload.text_extracted.',
    schema: z.object({
      requirementsId: z.uuid(),
      /** The user who asked: the upload must be theirs. */
      ownerId: z.uuid(),
      uploadId: z.uuid(),
    }),
  },
  'upload.text_extracted': {
    version: 1,
    producer: 'resumes',
    description:
      "The answer to requirements.upload_submitted: the upload's text (PDF/DOCX/TXT, the upload now used), or why it could not be read.",
    schema: z.object({
      requirementsId: z.uuid(),
      ownerId: z.uuid(),
      uploadId: z.uuid(),
      /** Markdown of the file, cut to the requirements text limit; null when `error` is set. */
      text: z.string().max(REQUIREMENTS_MAX_TEXT_LENGTH).nullable(),
      /** Why there is no text: NOT_FOUND, FORBIDDEN (another user's upload), NOT_CONFIRMED, ALREADY_USED,
       * UNSUPPORTED_TYPE, or an extraction failure (SCANNED_PDF, ENCRYPTED, CORRUPT, ZIP_BOMB, TOO_LONG, EMPTY). */
      error: z.object({ code: z.string().min(1), message: z.string().min(1) }).nullable(),
    }),
  },
  'analysis.requested': {
    version: 1,
    producer: 'matching',
    description: 'Internal to matching: an analysis to compute; JetStream redelivery is its retry schedule.',
    schema: z.object({ analysisId: z.uuid() }),
  },
  'analysis.completed': {
    version: 1,
    producer: 'matching',
    description:
      'An analysis of a resume against a job or requirements finished: SUCCEEDED with a score and verdict, or FAILED with a reason.',
    schema: z.object({
      analysisId: z.uuid(),
      resumeId: z.uuid(),
      ownerId: z.uuid(),
      status: z.enum(['SUCCEEDED', 'FAILED']),
      /** 0–100; null when FAILED. */
      score: z.number().nullable(),
      verdict: z.enum(['STRONG', 'GOOD', 'PARTIAL', 'WEAK']).nullable(),
      /** Why it failed, in words a person understands; null when SUCCEEDED. */
      reason: z.string().nullable(),
    }),
  },
  'resume.import_requested': {
    version: 1,
    producer: 'resumes',
    description:
      'Internal to resumes: a PROCESSING resume whose stored file (an upload or pasted text) the import worker reads; JetStream redelivery retries it.',
    schema: z.object({
      resumeId: z.uuid(),
      ownerId: z.uuid(),
      /** The file in the resumes bucket. */
      objectKey: z.string().min(1),
      /** From the content type detected at confirmUpload (text for pasted text). */
      kind: z.enum(['pdf', 'docx', 'txt']),
    }),
  },
  'match.candidate_found': {
    version: 1,
    producer: 'matching',
    description:
      "The recruiter-visible side of match.found: emitted with it, in the same transaction, only when the resume's owner is open to recruiters; feeds the poster's jobCandidates subscription.",
    schema: z.object({
      matchId: z.uuid(),
      jobId: z.uuid(),
      /** The posting's poster (null for imported postings). */
      postedById: z.uuid().nullable(),
      resumeId: z.uuid(),
      /** 0–100. */
      score: z.number(),
      previousScore: z.number().nullable(),
    }),
  },
  'webhook.delivery_requested': {
    version: 1,
    producer: 'users',
    description:
      'Internal to users: one webhook delivery to attempt; JetStream redelivery is its retry schedule.',
    schema: z.object({ deliveryId: z.uuid(), webhookId: z.uuid() }),
  },
} as const satisfies Record<
  string,
  { version: number; producer: string; description: string; schema: z.ZodType }
>;

export type EventType = keyof typeof eventCatalog;
export type EventData<Type extends EventType> = z.infer<(typeof eventCatalog)[Type]['schema']>;

export const EVENT_TYPES = Object.keys(eventCatalog) as EventType[];
