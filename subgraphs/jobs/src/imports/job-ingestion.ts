/**
 * The ingestion consumer's work: a job.found batch → normalized rows → one bulk upsert keyed on
 * dedupe_key (same key with changed content updates in place, unchanged content is a duplicate and
 * writes nothing) → job.upserted for what changed → the import's counts, all in the consumer's one
 * transaction, so a batch is stored whole or not at all. The last batch of a complete feed closes
 * the source's postings the feed no longer lists.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { enqueueEvents } from '@hiregraph/platform/events/outbox';
import type { Redis } from '@hiregraph/platform/redis';
import type { JobCache } from '../jobs/job.cache.js';
import { jobUpsertedData, type UpsertedPosting } from '../jobs/job.events.js';
import { normalizeFound, type JobRow } from './normalize.js';
import { MAX_REJECTIONS } from './job-import.entity.js';
import { dedupeRedisKey } from '../ingestion/crawler.js';
import { reportFinished, reportProgress } from './import-progress.js';

/** Keys seen by an import (its postings, duplicates, and URLs that failed), for closing absent ones. */
export const importSeenKey = (importId: string) => `import:${importId}:seen`;

const COLUMN_TYPES: Record<keyof JobRow, string> = {
  id: 'uuid',
  source: 'text',
  external_id: 'text',
  source_url: 'text',
  url_hash: 'text',
  fingerprint: 'text',
  dedupe_key: 'text',
  content_hash: 'text',
  last_import_id: 'uuid',
  title: 'text',
  company: 'text',
  location_city: 'text',
  location_region: 'text',
  location_country_code: 'text',
  remote: 'text',
  employment_type: 'text',
  seniority: 'text',
  salary_min: 'double precision',
  salary_max: 'double precision',
  salary_currency: 'text',
  salary_period: 'text',
  salary_yearly_usd_min: 'double precision',
  salary_yearly_usd_max: 'double precision',
  salary_yearly_usd: 'double precision',
  salary_text: 'text',
  description: 'text',
  requirements_years: 'int',
  requirements_required_skills: 'text[]',
  requirements_preferred_skills: 'text[]',
  requirements_qualifications: 'text[]',
  requirements_responsibilities: 'text[]',
  skills: 'text[]',
  skills_taxonomy_version: 'int',
  raw_html_key: 'text',
  posted_at: 'timestamptz',
  first_seen_at: 'timestamptz',
  last_crawled_at: 'timestamptz',
  is_active: 'boolean',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const COLUMNS = Object.keys(COLUMN_TYPES) as (keyof JobRow)[];
/** What an update in place keeps: identity, provenance and when it was first seen. */
const KEPT_ON_UPDATE = new Set<keyof JobRow>(['id', 'source', 'dedupe_key', 'first_seen_at', 'created_at']);
const UPSERT_SQL = `
  insert into jobs (${COLUMNS.map((c) => `"${c}"`).join(', ')})
  select ${COLUMNS.map((c) => `r."${c}"`).join(', ')}
  from jsonb_to_recordset(?::jsonb) as r(${COLUMNS.map((c) => `"${c}" ${COLUMN_TYPES[c]}`).join(', ')})
  on conflict (dedupe_key) do update set
    ${COLUMNS.filter((c) => !KEPT_ON_UPDATE.has(c))
      .map((c) =>
        c === 'raw_html_key'
          ? `"raw_html_key" = coalesce(excluded."raw_html_key", jobs."raw_html_key")`
          : `"${c}" = excluded."${c}"`,
      )
      .join(',\n    ')},
    "closed_at" = null
  where jobs.content_hash is distinct from excluded.content_hash or not jobs.is_active
  returning id, dedupe_key, (xmax = 0) as inserted`;

interface Upserted {
  id: string;
  dedupe_key: string;
  inserted: boolean;
}

export interface StoredBatch {
  /** dedupe key → content hash of everything now stored (for the Redis dedupe keys). */
  stored: Map<string, string>;
  /** Set when this batch finished its import. */
  finished: boolean;
  importId: string;
}

export class JobIngestion {
  constructor(private readonly deps: { redis: Redis; cache: JobCache; dedupeSeconds: number }) {}

  /** Stores one job.found batch in `tx` (the consumer's transaction). */
  async storeBatch(tx: EntityManager, event: EventEnvelope<'job.found'>): Promise<StoredBatch> {
    const { importId, source, postings } = event.data;
    const now = new Date().toISOString();
    const rows = postings
      .map((found) => ({ found, row: normalizeFound(found, { importId, source, now }) }))
      // Sorted by key: concurrent batches lock rows in one order, so they never deadlock.
      .sort((a, b) => (a.row.dedupe_key < b.row.dedupe_key ? -1 : 1));
    const rejections: { index: number; reason: string }[] = [];
    let upserted: Upserted[];
    await tx.execute('savepoint job_batch');
    try {
      upserted = await this.upsert(
        tx,
        rows.map((r) => r.row),
      );
      await tx.execute('release savepoint job_batch');
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // A posting clashes with another one's URL or (source, externalId): store the rest, one by one.
      await tx.execute('rollback to savepoint job_batch');
      upserted = [];
      for (const { found, row } of rows) {
        await tx.execute('savepoint job_row');
        try {
          upserted.push(...(await this.upsert(tx, [row])));
          await tx.execute('release savepoint job_row');
        } catch (rowError) {
          if (!(rowError instanceof UniqueConstraintViolationException)) throw rowError;
          await tx.execute('rollback to savepoint job_row');
          rejections.push({
            index: found.index,
            reason: 'clashes with a stored posting that has the same URL or (source, externalId)',
          });
        }
      }
    }

    const byKey = new Map(rows.map(({ row }) => [row.dedupe_key, row]));
    const events = upserted.map((result) =>
      createEvent(
        'job.upserted',
        jobUpsertedData(upsertedPosting(result.id, byKey.get(result.dedupe_key)!), result.inserted),
        {
          producer: 'jobs',
        },
      ),
    );
    await enqueueEvents(tx, events);
    const inserted = upserted.filter((r) => r.inserted).length;
    const updatedIds = upserted.filter((r) => !r.inserted).map((r) => r.id);
    const duplicates = rows.length - upserted.length - rejections.length;
    await tx.execute(
      `update job_imports set inserted = inserted + ?, updated = updated + ?, duplicate = duplicate + ?,
         rejected = rejected + ?, processed = processed + ?, heartbeat_at = now(),
         rejections = jsonb_path_query_array(rejections || ?::jsonb, '$[0 to ${MAX_REJECTIONS - 1}]')
       where id = ?`,
      [
        inserted,
        updatedIds.length,
        duplicates,
        rejections.length,
        rows.length,
        JSON.stringify(rejections),
        importId,
      ],
    );
    await this.deps.cache.forget(...updatedIds);
    const finished = await finishIfDone(tx, importId, this.deps.redis, this.deps.cache);
    if (!finished) await reportProgress(tx, importId);
    const rejected = new Set(rejections.map((r) => r.index));
    const stored = new Map(
      rows
        .filter(({ found }) => !rejected.has(found.index))
        .map(({ found }) => [found.dedupeKey, found.contentHash]),
    );
    return { stored, finished, importId };
  }

  /** After the batch committed: later imports drop these unchanged postings before the database. */
  async remember(batch: StoredBatch): Promise<void> {
    if (batch.stored.size > 0) {
      const pipeline = this.deps.redis.pipeline();
      for (const [key, hash] of batch.stored)
        pipeline.set(dedupeRedisKey(key), hash, 'EX', this.deps.dedupeSeconds);
      await pipeline.exec();
    }
    if (batch.finished) await this.deps.redis.del(importSeenKey(batch.importId));
  }

  private upsert(tx: EntityManager, rows: JobRow[]): Promise<Upserted[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return tx.execute<Upserted[]>(UPSERT_SQL, [JSON.stringify(rows)]);
  }
}

/**
 * Ends the import once the feed is read and every dispatched posting is stored: COMPLETED (or FAILED
 * when reading stopped on an error). A completed full feed then closes the source's open postings it
 * did not contain, and job_import.progress says it is done. Runs in the transaction that made the last
 * change, so exactly one caller ends it.
 */
export async function finishIfDone(
  tx: EntityManager,
  importId: string,
  redis: Redis,
  cache: JobCache,
): Promise<boolean> {
  const [done] = await tx.execute<{ status: string; full_feed: boolean; source: string }[]>(
    `update job_imports set status = case when error is null then 'COMPLETED' else 'FAILED' end, finished_at = now()
     where id = ? and status = 'RUNNING' and parse_done and processed >= dispatched
     returning status, full_feed, source`,
    [importId],
  );
  if (!done) return false;
  if (done.status === 'COMPLETED' && done.full_feed)
    await closeAbsent(tx, importId, done.source, redis, cache);
  await reportFinished(tx, importId);
  return true;
}

async function closeAbsent(
  tx: EntityManager,
  importId: string,
  source: string,
  redis: Redis,
  cache: JobCache,
): Promise<void> {
  // Without the set (an empty feed, or Redis lost it) nothing says what the feed listed: close nothing
  // rather than everything.
  if (!(await redis.exists(importSeenKey(importId)))) return;
  let after = '00000000-0000-0000-0000-000000000000';
  let closed = 0;
  for (;;) {
    // Postings this import stored carry its id; the others are open only if the feed listed them.
    const candidates = await tx.execute<{ id: string; dedupe_key: string }[]>(
      `select id, dedupe_key from jobs
       where source = ? and is_active and dedupe_key is not null and last_import_id is distinct from ? and id > ?
       order by id limit 5000`,
      [source, importId, after],
    );
    if (candidates.length === 0) break;
    after = candidates[candidates.length - 1].id;
    const seen = await redis.smismember(importSeenKey(importId), ...candidates.map((c) => c.dedupe_key));
    const absent = candidates.filter((_, i) => seen[i] === 0).map((c) => c.id);
    if (absent.length === 0) continue;
    const rows = await tx.execute<{ id: string; posted_by_id: string | null }[]>(
      `update jobs set is_active = false, closed_at = now(), updated_at = now()
       where id in (select jsonb_array_elements_text(?::jsonb)::uuid) returning id, posted_by_id`,
      [JSON.stringify(absent)],
    );
    await enqueueEvents(
      tx,
      rows.map((row) =>
        createEvent(
          'job.closed',
          { jobId: row.id, postedById: row.posted_by_id, reason: 'EXPIRED' },
          { producer: 'jobs' },
        ),
      ),
    );
    await cache.forget(...rows.map((row) => row.id));
    // A closed posting listed again must reach the database to reopen: forget its unchanged content.
    const closedIds = new Set(rows.map((row) => row.id));
    const keys = candidates.filter((c) => closedIds.has(c.id)).map((c) => dedupeRedisKey(c.dedupe_key));
    if (keys.length > 0) await redis.del(...keys);
    closed += rows.length;
  }
  if (closed > 0)
    await tx.execute('update job_imports set closed = closed + ? where id = ?', [closed, importId]);
}

/** A stored row in the entity's shape, for the one job.upserted mapper (jobs/job.events.ts). */
export function upsertedPosting(id: string, row: JobRow): UpsertedPosting {
  return {
    id,
    postedById: null,
    source: row.source,
    externalId: row.external_id,
    title: row.title,
    company: row.company,
    location: {
      city: row.location_city,
      region: row.location_region,
      countryCode: row.location_country_code,
    },
    remote: row.remote,
    employmentType: row.employment_type,
    seniority: row.seniority,
    requirements: {
      years: row.requirements_years,
      requiredSkills: row.requirements_required_skills,
      preferredSkills: row.requirements_preferred_skills,
    },
    salary: {
      min: row.salary_min,
      max: row.salary_max,
      currency: row.salary_currency,
      period: row.salary_period,
      yearlyUsd: row.salary_yearly_usd,
    },
    description: row.description,
    postedAt: row.posted_at,
  };
}
