import { ArrayType, OptionalProps } from '@mikro-orm/core';
import {
  Embeddable,
  Embedded,
  Entity,
  Index,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from '@hiregraph/platform/subgraph/cache-hints';
import { newId } from '@hiregraph/platform/ids';
import { EmploymentType, RemotePolicy, SalaryPeriod, Seniority } from './job.enums.js';

@Directive(INHERIT_CACHE_HINT)
@ObjectType({ description: 'Where a job is based; every part may be unknown.' })
@Embeddable()
export class JobLocation {
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or region.' })
  @Property({ type: 'text', nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, upper case.' })
  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;
}

@Directive(INHERIT_CACHE_HINT)
@ObjectType({ description: 'Pay as numbers, with the text it was read from.' })
@Embeddable()
export class JobSalary {
  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  min?: number | null;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  max?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. USD.' })
  @Property({ type: 'text', nullable: true })
  currency?: string | null;

  @Field(() => SalaryPeriod, { nullable: true })
  @Property({ type: 'text', nullable: true })
  period?: SalaryPeriod | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The lower bound in US dollars a year, when it converts.',
  })
  @Property({ type: 'double', nullable: true })
  yearlyUsdMin?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The upper bound in US dollars a year, when it converts.',
  })
  @Property({ type: 'double', nullable: true })
  yearlyUsdMax?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'What salary filters and sorts use: yearlyUsdMax, else yearlyUsdMin (the top of the range, else the only bound); null when the currency does not convert.',
  })
  @Property({ type: 'double', nullable: true })
  yearlyUsd?: number | null;

  @Field(() => String, { nullable: true, description: 'The salary as the posting wrote it.' })
  @Property({ type: 'text', nullable: true })
  text?: string | null;
}

@Directive(INHERIT_CACHE_HINT)
@ObjectType({ description: 'What the job asks for, extracted from the posting.' })
@Embeddable()
export class JobRequirements {
  @Field(() => Int, { nullable: true, description: 'Minimum years of experience.' })
  @Property({ type: 'integer', nullable: true })
  years?: number | null;

  @Field(() => [String], { description: 'Canonical skill ids (shared taxonomy) the job requires.' })
  @Property({ type: ArrayType })
  requiredSkills: string[] = [];

  @Field(() => [String], { description: 'Canonical skill ids (shared taxonomy) the job would like.' })
  @Property({ type: ArrayType })
  preferredSkills: string[] = [];

  @Field(() => [String])
  @Property({ type: ArrayType })
  qualifications: string[] = [];

  @Field(() => [String])
  @Property({ type: ArrayType })
  responsibilities: string[] = [];
}

/**
 * Full-text document: title weighs most (A), then company and skills (B), then the description (C).
 * Written as PostgreSQL normalizes it, so the committed migration and this entity compare equal.
 * `jobs_text_of` is an immutable array_to_string (a generated column allows only immutable calls).
 */
export const SEARCH_VECTOR_SQL =
  `((setweight(to_tsvector('english'::regconfig, title), 'A'::"char") || ` +
  `setweight(to_tsvector('english'::regconfig, ((company || ' '::text) || jobs_text_of(skills))), 'B'::"char")) || ` +
  `setweight(to_tsvector('english'::regconfig, description), 'C'::"char"))`;

/** Posted or imported: imported postings dedupe on urlHash, else (source, externalId), else fingerprint. */
@Directive('@key(fields: "id")')
@Directive(INHERIT_CACHE_HINT)
@ObjectType({ description: 'A job posting, posted by a recruiter or imported from a source.' })
@Entity({ tableName: 'jobs' })
@Unique({ properties: ['source', 'externalId'] })
@Index({ properties: ['isActive', 'createdAt'] })
@Index({
  name: 'jobs_listed_at_index',
  expression: 'create index "jobs_listed_at_index" on "jobs" (coalesce("posted_at", "first_seen_at"))',
})
@Index({
  name: 'jobs_search_vector_index',
  expression: 'create index "jobs_search_vector_index" on "jobs" using gin ("search_vector")',
})
@Index({
  name: 'jobs_salary_yearly_usd_index',
  expression: 'create index "jobs_salary_yearly_usd_index" on "jobs" ("salary_yearly_usd")',
})
@Index({
  name: 'jobs_location_country_code_index',
  expression: 'create index "jobs_location_country_code_index" on "jobs" ("location_country_code")',
})
@Index({
  name: 'jobs_skills_index',
  expression: 'create index "jobs_skills_index" on "jobs" using gin ("skills")',
})
export class Job {
  [OptionalProps]?:
    'id' | 'createdAt' | 'updatedAt' | 'firstSeenAt' | 'description' | 'isActive' | 'skills' | 'hasRawHtml';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The recruiter who posted it; null for imported postings. Kept private. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  postedById?: string | null;

  @Field({ description: "Where it came from: 'hiregraph' for posted jobs, else the importer's source name." })
  @Index()
  @Property({ type: 'text' })
  source!: string;

  @Field(() => String, {
    nullable: true,
    description: "The source's own id, so an importer finds its items again.",
  })
  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sourceUrl?: string | null;

  /** SHA-256 of the canonical source URL (ingestion's dedupe key). */
  @Field(() => String, { nullable: true, description: 'SHA-256 of the canonical source URL.' })
  @Unique()
  @Property({ type: 'text', nullable: true })
  urlHash?: string | null;

  /** Content fingerprint, the dedupe key of imported items with neither URL nor external id. */
  @Unique()
  @Property({ type: 'text', nullable: true })
  fingerprint?: string | null;

  /**
   * Imported postings' one dedupe key (ingestion/dedupe.ts dedupeKey: the url_hash, else the hash of
   * (source, externalId), else the fingerprint): the bulk upsert's conflict target. Null for posted jobs.
   */
  @Unique()
  @Property({ type: 'text', nullable: true })
  dedupeKey?: string | null;

  /** Hash of the imported content: an import whose item hashes the same changes nothing. */
  @Property({ type: 'text', nullable: true })
  contentHash?: string | null;

  /** The import that last saw this posting (imported postings). */
  @Property({ type: 'uuid', nullable: true })
  lastImportId?: string | null;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  company!: string;

  @Field(() => JobLocation)
  @Embedded(() => JobLocation, { prefix: 'location_' })
  location: JobLocation = new JobLocation();

  @Field(() => RemotePolicy, { nullable: true, description: 'Null when the posting does not say.' })
  @Index()
  @Property({ type: 'text', nullable: true })
  remote?: RemotePolicy | null;

  @Field(() => EmploymentType, { nullable: true })
  @Property({ type: 'text', nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => Seniority, { nullable: true })
  @Index()
  @Property({ type: 'text', nullable: true })
  seniority?: Seniority | null;

  @Field(() => JobSalary)
  @Embedded(() => JobSalary, { prefix: 'salary_' })
  salary: JobSalary = new JobSalary();

  @Field({ description: 'Cleaned description, markdown.' })
  @Property({ type: 'text' })
  description: string = '';

  @Field(() => JobRequirements)
  @Embedded(() => JobRequirements, { prefix: 'requirements_' })
  requirements: JobRequirements = new JobRequirements();

  /** Required and preferred skills together (canonical taxonomy ids), for the skills filter. */
  @Property({ type: ArrayType })
  skills: string[] = [];

  @Field(() => Int, {
    nullable: true,
    description: 'Version of the skills taxonomy the skill ids were read with (TAXONOMY_VERSION).',
  })
  @Property({ type: 'integer', nullable: true })
  skillsTaxonomyVersion?: number | null;

  /** S3 key of the raw HTML the posting was read from; private, see hasRawHtml. */
  @Property({ type: 'text', nullable: true })
  rawHtmlKey?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the source says it was posted.' })
  @Property({ type: 'timestamptz', nullable: true })
  postedAt?: Date | null;

  @Field({ description: 'When Hiregraph first saw it.' })
  @Property({ type: 'timestamptz' })
  firstSeenAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When its source was last read (imported postings).' })
  @Property({ type: 'timestamptz', nullable: true })
  lastCrawledAt?: Date | null;

  @Field()
  @Property({ type: 'boolean' })
  isActive: boolean = true;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'tsvector', generated: `${SEARCH_VECTOR_SQL} stored`, lazy: true, hidden: true })
  searchVector?: string;

  @Field({ description: 'Whether the raw HTML the posting was read from is kept.' })
  get hasRawHtml(): boolean {
    return this.rawHtmlKey != null;
  }
}
