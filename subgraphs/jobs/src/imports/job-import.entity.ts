import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';

export enum JobImportFormat {
  JSON_RESUME = 'JSON_RESUME',
  CSV = 'CSV',
  HTML = 'HTML',
  /** A list of page URLs to crawl, one per line. */
  URLS = 'URLS',
}
registerEnumType(JobImportFormat, { name: 'JobImportFormat', description: 'What an import reads.' });

export enum JobImportStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(JobImportStatus, { name: 'JobImportStatus' });

/** Rejections kept per import (the count goes on). */
export const MAX_REJECTIONS = 100;

@ObjectType({ description: 'How many items an import read and what became of them.' })
export class JobImportCounts {
  @Field(() => Int, { description: 'Items read from the feed (postings and rejected items).' })
  received!: number;

  @Field(() => Int, { description: 'Postings inserted.' })
  new!: number;

  @Field(() => Int, { description: 'Postings whose content changed, updated in place.' })
  updated!: number;

  @Field(() => Int, {
    description: 'Postings already stored with the same content (or crawled within 24 h).',
  })
  duplicate!: number;

  @Field(() => Int, { description: 'Items refused; the first reasons are in rejections.' })
  rejected!: number;

  @Field(() => Int, { description: 'Active postings of the source absent from this complete feed, closed.' })
  closed!: number;
}

@ObjectType({ description: 'An item an import refused, and why.' })
export class JobImportRejection {
  @Field(() => Int, { description: 'Position in the feed (row, array item or URL line), from 0.' })
  index!: number;

  @Field()
  reason!: string;
}

/** One run of importJobs or the jobs:import CLI; counts move as batches are stored. */
@ObjectType({ description: 'An import of job postings and its progress.' })
@Entity({ tableName: 'job_imports' })
export class JobImport {
  [OptionalProps]?:
    | 'id'
    | 'status'
    | 'received'
    | 'inserted'
    | 'updated'
    | 'duplicate'
    | 'rejected'
    | 'closed'
    | 'dispatched'
    | 'processed'
    | 'parseDone'
    | 'rejections'
    | 'createdAt'
    | 'progressReportedAt'
    | 'heartbeatAt'
    | 'resumes'
    | 'counts';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** Who started it; null for the operator CLI. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  createdById?: string | null;

  @Field(() => JobImportFormat)
  @Property({ type: 'text' })
  format!: JobImportFormat;

  @Field()
  @Property({ type: 'text' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'The feed URL, when the import read one.' })
  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Field({ description: "Whether the feed is the source's complete list (absent postings are closed)." })
  @Property({ type: 'boolean' })
  fullFeed!: boolean;

  @Field(() => JobImportStatus)
  @Property({ type: 'text' })
  status: JobImportStatus = JobImportStatus.QUEUED;

  @Property({ type: 'integer' })
  received: number = 0;

  @Property({ type: 'integer' })
  inserted: number = 0;

  @Property({ type: 'integer' })
  updated: number = 0;

  @Property({ type: 'integer' })
  duplicate: number = 0;

  @Property({ type: 'integer' })
  rejected: number = 0;

  @Property({ type: 'integer' })
  closed: number = 0;

  /** Postings sent to the ingestion consumer (job.found) and how many it has stored. */
  @Property({ type: 'integer' })
  dispatched: number = 0;

  @Property({ type: 'integer' })
  processed: number = 0;

  /** The worker has read the whole feed (or stopped on an error). */
  @Property({ type: 'boolean' })
  parseDone: boolean = false;

  @Field(() => [JobImportRejection], { description: `The first ${MAX_REJECTIONS} rejected items.` })
  @Property({ type: 'jsonb' })
  rejections: JobImportRejection[] = [];

  @Field(() => String, { nullable: true, description: 'Why the import failed (a coded reason and message).' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /** When job_import.progress was last emitted (import-progress.ts spaces them out). */
  @Property({ type: 'timestamptz', nullable: true })
  progressReportedAt?: Date | null;

  /** The lease: renewed while a worker reads the feed and as batches are stored (import-lease.ts). */
  @Property({ type: 'timestamptz', nullable: true })
  heartbeatAt?: Date | null;

  /** How often another process took the import over after its worker was lost. */
  @Property({ type: 'integer' })
  resumes: number = 0;

  @Field(() => JobImportCounts)
  get counts(): JobImportCounts {
    return {
      received: this.received,
      new: this.inserted,
      updated: this.updated,
      duplicate: this.duplicate,
      rejected: this.rejected,
      closed: this.closed,
    };
  }
}
