import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, requireRole, type AuthContext } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { notFound } from '@hiregraph/platform/errors';
import { bury, refuseDeletedAccount } from '@hiregraph/platform/db/tombstones';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { enqueueEvent, type OutboxRelay } from '@hiregraph/platform/events/outbox';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import { paginate, type Connection, type PageArgs } from '@hiregraph/platform/subgraph/pagination';
import { parseInput } from '@hiregraph/platform/validation';
import { extractRequirements } from '@hiregraph/requirements/requirements';
import {
  defaultSeams,
  SKILLS_TAXONOMY_VERSION,
  yearlyUsdOf,
  type ExtractionSeams,
} from '../requirements/seams.js';
import type { JobCache } from './job.cache.js';
import { jobUpsertedData } from './job.events.js';
import { Job, JobLocation, JobRequirements, JobSalary } from './job.entity.js';
import { EmploymentType, RemotePolicy, SalaryPeriod, Seniority, type JobSort } from './job.enums.js';
import type { JobSearchFilter, PostJobInput, UpdateJobInput } from './job.inputs.js';
import { searchJobs } from './job.search.js';

/** Source of postings made through the API (importers name their own). */
export const POSTED_SOURCE = 'hiregraph';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => value || null);
const list = z.array(text(500).min(1, 'Items must not be blank')).max(100).nullish();

const salarySchema = z
  .object({
    min: z.number().nonnegative().nullish(),
    max: z.number().nonnegative().nullish(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'Currency must be an ISO 4217 code')
      .transform((code) => code.toUpperCase())
      .nullish(),
    period: z.enum(SalaryPeriod).nullish(),
    text: optionalText(200),
  })
  .refine((salary) => salary.min == null || salary.max == null || salary.min <= salary.max, {
    message: 'Salary min must not exceed max',
    path: ['max'],
  });

const jobFields = {
  title: text(200).min(1, 'Title is required'),
  company: text(200).min(1, 'Company is required'),
  description: z.string().max(50_000),
  location: z
    .object({
      city: optionalText(200),
      region: optionalText(200),
      countryCode: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'Country code must be ISO 3166-1 alpha-2')
        .transform((code) => code.toUpperCase())
        .nullish(),
    })
    .nullish(),
  remote: z.enum(RemotePolicy).nullish(),
  employmentType: z.enum(EmploymentType).nullish(),
  seniority: z.enum(Seniority).nullish(),
  salary: salarySchema.nullish(),
  yearsOfExperience: z.number().int().min(0).max(50).nullish(),
  requiredSkills: list,
  preferredSkills: list,
  qualifications: list,
  responsibilities: list,
  sourceUrl: z
    .url({ protocol: /^https?$/, message: 'sourceUrl must be an http(s) URL' })
    .max(2000)
    .nullish(),
};
const postJobSchema = z.object({ ...jobFields, description: jobFields.description.default('') });
const updateJobSchema = z.object(jobFields).partial();
type JobChange = z.infer<typeof updateJobSchema>;

export interface JobServiceDeps {
  outbox: OutboxRelay;
  cache: JobCache;
  seams?: ExtractionSeams;
}

export class JobService {
  private readonly seams: ExtractionSeams;

  constructor(
    private readonly em: EntityManager,
    private readonly deps: JobServiceDeps,
  ) {
    this.seams = deps.seams ?? defaultSeams;
  }

  /** Publishes a posting for a recruiter (or admin); announced as job.upserted. */
  async post(poster: Viewer, input: PostJobInput): Promise<Job> {
    const change = parseInput(postJobSchema, input);
    const now = new Date();
    const job = this.em.create(Job, {
      source: POSTED_SOURCE,
      postedById: poster.id,
      title: change.title,
      company: change.company,
      location: new JobLocation(),
      salary: new JobSalary(),
      requirements: new JobRequirements(),
      postedAt: now,
      firstSeenAt: now,
      createdAt: now,
      updatedAt: now,
    });
    this.apply(job, change);
    await transactionWithEvents(this.em, this.deps.outbox, 'jobs', async (tx, emit) => {
      await refuseDeletedAccount(tx, poster.id);
      tx.persist(job);
      await emit('job.upserted', jobUpsertedData(job, true));
    });
    return job;
  }

  /** Changes the fields given; its poster or an admin only (imported postings: admins). */
  async update(ctx: AuthContext, id: string, input: UpdateJobInput): Promise<Job> {
    const change = parseInput(updateJobSchema, input);
    const job = await this.loadForChange(ctx, id);
    await transactionWithEvents(this.em, this.deps.outbox, 'jobs', async (tx, emit) => {
      if (job.postedById) await refuseDeletedAccount(tx, job.postedById);
      this.apply(job, change);
      job.updatedAt = new Date();
      tx.persist(job);
      await emit('job.upserted', jobUpsertedData(job, false));
    });
    await this.deps.cache.forget(job.id);
    return job;
  }

  /** Stops a posting taking applicants (kept, readable by its poster); a second close changes nothing. */
  async close(ctx: AuthContext, id: string): Promise<Job> {
    const job = await this.loadForChange(ctx, id);
    if (!job.isActive) return job;
    await transactionWithEvents(this.em, this.deps.outbox, 'jobs', async (tx, emit) => {
      job.isActive = false;
      job.closedAt = job.updatedAt = new Date();
      tx.persist(job);
      await emit('job.closed', { jobId: job.id, postedById: job.postedById ?? null, reason: 'CLOSED' });
    });
    await this.deps.cache.forget(job.id);
    return job;
  }

  /** Open postings to anyone (cached); closed ones only to their poster and admins. */
  async get(viewer: Viewer | null, id: string): Promise<Job | null> {
    const { job: cached, ticket } = await this.deps.cache.lookup(id);
    if (cached) return cached;
    const job = await this.em.findOne(Job, { id });
    if (!job) return null;
    if (!job.isActive) return visibleTo(viewer, job);
    await this.deps.cache.fill(ticket, job);
    return job;
  }

  /** Open postings, newest first; `fields` (the ones the caller uses, null for all) bounds the columns read. */
  list(page: PageArgs, fields: readonly string[] | null = null): Promise<Connection<Job>> {
    return paginate(this.em, Job, { isActive: true }, page, 'desc', { detached: true, fields });
  }

  /** Anyone may search open postings; closed ones (isActive false or null) are for admins. */
  search(
    ctx: AuthContext,
    args: { query?: string | null; filter?: JobSearchFilter | null; sort?: JobSort | null } & PageArgs,
  ): Promise<Connection<Job>> {
    const filter = args.filter ?? ({ includeUnknownSalary: false, isActive: true } as JobSearchFilter);
    if (filter.isActive !== true) requireRole(ctx, 'ADMIN');
    return searchJobs(this.em, { ...args, filter, normalizeSkill: this.seams.normalizeSkill });
  }

  private async loadForChange(ctx: AuthContext, id: string): Promise<Job> {
    const job = await this.em.findOne(Job, { id });
    if (!job) throw notFound('No such job');
    // Imported postings have no poster: only admins may change them.
    assertOwnerOrAdmin(ctx, job.postedById ?? '');
    return job;
  }

  /** Writes the given fields, then re-derives requirements: what is given wins over the text. */
  private apply(job: Job, change: JobChange): void {
    if (change.title !== undefined) job.title = change.title;
    if (change.company !== undefined) job.company = change.company;
    if (change.description !== undefined) job.description = change.description;
    if (change.location !== undefined) {
      job.location = Object.assign(new JobLocation(), {
        city: change.location?.city ?? null,
        region: change.location?.region ?? null,
        countryCode: change.location?.countryCode ?? null,
      });
    }
    if (change.employmentType !== undefined) job.employmentType = change.employmentType;
    if (change.sourceUrl !== undefined) job.sourceUrl = change.sourceUrl;

    const keep = <T>(given: T | null | undefined, current: T): T | null | undefined =>
      given !== undefined ? given : current;
    const current = job.requirements;
    const extracted = extractRequirements(
      {
        title: job.title,
        description: job.description,
        requiredSkills: keep(change.requiredSkills, current.requiredSkills) ?? [],
        preferredSkills: keep(change.preferredSkills, current.preferredSkills) ?? [],
        qualifications: change.qualifications ?? [],
        responsibilities: change.responsibilities ?? [],
        years: keep(change.yearsOfExperience, current.years),
        seniority: keep(change.seniority, job.seniority),
        remote: keep(change.remote, job.remote),
        salaryText: change.salary?.text ?? job.salary.text,
      },
      this.seams,
    );
    job.requirements = Object.assign(new JobRequirements(), {
      years: extracted.years,
      requiredSkills: extracted.requiredSkills,
      preferredSkills: extracted.preferredSkills,
      qualifications:
        change.qualifications === undefined && change.description === undefined
          ? current.qualifications
          : extracted.qualifications,
      responsibilities:
        change.responsibilities === undefined && change.description === undefined
          ? current.responsibilities
          : extracted.responsibilities,
    });
    job.skills = [...new Set([...extracted.requiredSkills, ...extracted.preferredSkills])];
    job.skillsTaxonomyVersion = SKILLS_TAXONOMY_VERSION;
    job.seniority = extracted.seniority;
    job.remote = extracted.remote;
    if (change.salary !== undefined) job.salary = this.salaryOf(change.salary, extracted.salary);
  }

  /** Numbers given win; otherwise what the salary text parses to. */
  private salaryOf(
    given: JobChange['salary'],
    parsed: ReturnType<typeof extractRequirements>['salary'],
  ): JobSalary {
    const salary = new JobSalary();
    if (!given) return salary;
    const hasNumbers = given.min != null || given.max != null;
    const figures = hasNumbers
      ? {
          min: given.min ?? null,
          max: given.max ?? null,
          currency: given.currency ?? null,
          period: given.period ?? null,
        }
      : {
          min: parsed?.min ?? null,
          max: parsed?.max ?? null,
          currency: parsed?.currency ?? null,
          period: parsed?.period ?? null,
        };
    const yearly = hasNumbers
      ? yearlyUsdOf(figures)
      : {
          yearlyUsdMin: parsed?.yearlyUsdMin ?? null,
          yearlyUsdMax: parsed?.yearlyUsdMax ?? null,
          yearlyUsd: parsed?.yearlyUsd ?? null,
        };
    return Object.assign(salary, figures, yearly, { text: given.text ?? null });
  }

  /**
   * Removes a deleted account's postings, each announced as job.closed (POSTER_DELETED), in the
   * caller's transaction.
   */
  static async removePostingsOf(tx: EntityManager, posterId: string, cache: JobCache): Promise<void> {
    // Buried first: a posting being created for this account commits before this reads, or is refused.
    await bury(tx, 'user', posterId);
    const jobs = await tx.find(Job, { postedById: posterId }, { fields: ['id', 'postedById'] });
    if (jobs.length === 0) return;
    await tx.nativeDelete(Job, { id: { $in: jobs.map((job) => job.id) } });
    for (const job of jobs) {
      await enqueueEvent(
        tx,
        createEvent(
          'job.closed',
          { jobId: job.id, postedById: posterId, reason: 'POSTER_DELETED' },
          { producer: 'jobs' },
        ),
      );
    }
    await cache.forget(...jobs.map((job) => job.id));
  }
}

/**
 * The one visibility rule of a posting, for `job(id)` and `_entities` alike: open ones to anyone,
 * closed ones only to their poster and admins (null to everyone else, as if unknown).
 */
export function visibleTo(viewer: Viewer | null, job: Job | null): Job | null {
  if (!job || job.isActive) return job;
  return viewer && (viewer.role === 'ADMIN' || viewer.id === job.postedById) ? job : null;
}
