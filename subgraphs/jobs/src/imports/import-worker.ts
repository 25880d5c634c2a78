/**
 * The import worker: reads a feed as a stream (inline data, a file, a feed URL, or pages crawled from
 * a URL list), drops postings whose content is unchanged since it was last stored (Redis
 * dedup:url:{key}, 24 h) before they reach the database, and sends the rest as job.found batches
 * through the outbox, counting as it goes. The ingestion consumer stores the batches.
 */
import { hash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@hiregraph/platform/logger';
import { maxEventSize, type OutboxRelay } from '@hiregraph/platform/events/outbox';
import { transactionWithEvents } from '@hiregraph/platform/events/transaction';
import type { EventData } from '@hiregraph/platform/events/catalog';
import type { Redis } from '@hiregraph/platform/redis';
import type { ObjectStorage } from '@hiregraph/platform/s3';
import { netFailureReason, safeRequest } from '@hiregraph/platform/net/ssrf';
import type { JobCache } from '../jobs/job.cache.js';
import { parseCsvJobs } from '../ingestion/csv.js';
import { dedupeKey } from '../ingestion/dedupe.js';
import { parseJobPostingHtml } from '../ingestion/html.js';
import { limitBytes, parseJsonResumeJobs } from '../ingestion/json-resume.js';
import { toReadable, type FeedSource, type RawJobPosting } from '../ingestion/posting.js';
import { Crawler, dedupeRedisKey, pagePostingsKey, type CrawlOutcome } from '../ingestion/crawler.js';
import { RobotsCache } from '../ingestion/robots.js';
import { JobImportFormat, MAX_REJECTIONS } from './job-import.entity.js';
import { finishIfDone, importSeenKey } from './job-ingestion.js';
import { reportProgress } from './import-progress.js';
import { renewLease } from './import-lease.js';
import type { JobsSettings } from '../environment.js';
import { observeJob } from '@hiregraph/platform/observability/metrics';

export type FeedInput = { kind: 'data'; source: FeedSource } | { kind: 'url'; url: string };

export interface ImportRun {
  id: string;
  format: JobImportFormat;
  source: string;
  fullFeed: boolean;
}

export interface ImportWorkerDeps {
  em: EntityManager;
  outbox: OutboxRelay;
  redis: Redis;
  storage: ObjectStorage;
  cache: JobCache;
  logger: Logger;
  settings: JobsSettings;
}

/** What the worker reads one item as; `bytes` is what a posting adds to its job.found. */
type ReadItem =
  | { kind: 'posting'; index: number; posting: RawJobPosting; html?: string; pageHash?: string }
  | { kind: 'rejected'; index: number; reason: string; seenKeys?: string[] }
  | { kind: 'duplicate'; index: number; seenKeys: string[] };
type WorkItem =
  | {
      kind: 'posting';
      index: number;
      posting: RawJobPosting;
      html?: string;
      pageHash?: string;
      bytes: number;
    }
  | { kind: 'rejected'; index: number; reason: string; seenKeys?: string[] }
  | { kind: 'duplicate'; index: number; seenKeys: string[] };

interface Prepared {
  index: number;
  key: ReturnType<typeof dedupeKey>;
  contentHash: string;
  posting: RawJobPosting;
  html?: string;
  pageHash?: string;
}

export const rawHtmlKey = (hash: string) => `jobs/raw/${hash}.html`;

export class ImportWorker {
  readonly robots: RobotsCache;
  private readonly crawler: Crawler;

  constructor(private readonly deps: ImportWorkerDeps) {
    const { settings } = deps;
    const policy = {
      allowPrivateNetworks: settings.CRAWLER_ALLOW_PRIVATE_NETWORKS,
      allowHosts: settings.CRAWLER_ALLOW_HOSTS,
    };
    this.robots = new RobotsCache({
      ...policy,
      userAgent: 'HiregraphBot',
      timeoutMs: settings.CRAWLER_TIMEOUT_MS,
    });
    this.crawler = new Crawler({
      ...policy,
      redis: deps.redis,
      robots: this.robots,
      userAgent: settings.CRAWLER_USER_AGENT,
      minDelayMs: settings.CRAWLER_MIN_DELAY_MS,
      maxDelayMs: settings.CRAWLER_MAX_DELAY_MS,
      timeoutMs: settings.CRAWLER_TIMEOUT_MS,
      maxPageBytes: settings.CRAWLER_MAX_PAGE_BYTES,
      concurrency: settings.CRAWLER_CONCURRENCY,
      dedupeSeconds: settings.CRAWLER_DEDUPE_SECONDS,
    });
  }

  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  /** Runs an import to the end of its feed; never throws (a failure is the import's FAILED status). */
  run(run: ImportRun, feed: FeedInput, options: { skip?: number } = {}): Promise<void> {
    const execution = observeJob('job_import', () => this.execute(run, feed, options.skip ?? 0));
    this.running.add(execution);
    void execution.finally(() => this.running.delete(execution));
    return execution;
  }

  /**
   * Stops reading feeds (the service is stopping): each running import stops at its next item with
   * INTERRUPTED, after queueing what it read; its batches still queued are stored when the service
   * consumes again, and the last one ends the import FAILED.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /**
   * `skip`: when resuming a feed another process was reading (import-lease.ts), the items it already
   * counted — batches are queued in feed order, so they are the first `skip` items.
   */
  private async execute(run: ImportRun, feed: FeedInput, skip: number): Promise<void> {
    const em = this.deps.em.fork();
    await transactionWithEvents(em, this.deps.outbox, 'jobs', async (tx) => {
      await tx.execute(
        `update job_imports set status = 'RUNNING', started_at = coalesce(started_at, now()), heartbeat_at = now()
         where id = ?`,
        [run.id],
      );
      await reportProgress(tx, run.id);
    });
    // The lease (import-lease.ts): renewed while the feed is read; lost means the sweeper failed it.
    let lost = false;
    const heartbeat = setInterval(
      () =>
        void renewLease(em.fork(), run.id)
          .then((held) => {
            lost ||= !held;
          })
          .catch(() => undefined),
      (this.deps.settings.IMPORT_LEASE_SECONDS * 1000) / 4,
    );
    heartbeat.unref();
    let error: string | null = null;
    let batch: WorkItem[] = [];
    let batchBytes = 0;
    let batchNumber = 0;
    // One batch is queued while the next is read: the database and Redis round trips overlap parsing.
    let queued: Promise<void> = Promise.resolve();
    const { INGEST_BATCH_SIZE } = this.deps.settings;
    const { maxBatchBytes, maxPostingBytes } = this.eventBounds();
    const flushBatch = async () => {
      await queued;
      queued = this.flush(em.fork(), run, batch, batchNumber++);
      // Handled when awaited above or below; never an unhandled rejection meanwhile.
      queued.catch(() => undefined);
      batch = [];
      batchBytes = 0;
    };
    try {
      for await (const read of this.items(run, feed)) {
        if (this.stopping) throw interrupted();
        if (lost) throw leaseLost();
        if (read.index < skip) continue;
        const item = boundPosting(read, maxPostingBytes);
        // A job.found event is bounded by the bytes of its JSON, so NATS always takes it.
        const bytes = item.kind === 'posting' ? item.bytes : REJECTION_BYTES;
        if (batch.length > 0 && batchBytes + bytes > maxBatchBytes) await flushBatch();
        batch.push(item);
        batchBytes += bytes;
        if (batch.length >= INGEST_BATCH_SIZE) await flushBatch();
      }
      await queued;
    } catch (failure) {
      await queued.catch(() => undefined);
      error = describeFailure(failure);
      if (error === null) {
        this.deps.logger.error({ err: failure, importId: run.id }, 'import failed unexpectedly');
        error = 'INTERNAL: the import stopped unexpectedly';
      }
    }
    try {
      // Items read before a failure are whole postings: they are stored, and the counts say so.
      if (batch.length > 0) await this.flush(em, run, batch, batchNumber++);
    } catch (failure) {
      this.deps.logger.error({ err: failure, importId: run.id }, 'import batch failed');
      error ??= 'INTERNAL: a batch could not be queued';
    }
    clearInterval(heartbeat);
    try {
      await transactionWithEvents(em, this.deps.outbox, 'jobs', async (tx) => {
        // Not over an import the sweeper already failed (its lease ran out).
        await tx.execute(
          `update job_imports set parse_done = true, error = ? where id = ? and status in ('QUEUED', 'RUNNING')`,
          [error, run.id],
        );
        if (!(await finishIfDone(tx, run.id, this.deps.redis, this.deps.cache))) {
          await reportProgress(tx, run.id);
        }
      });
    } catch (failure) {
      // Left RUNNING with parse_done unset: visible, and nothing half-written (the batches are whole).
      this.deps.logger.error({ err: failure, importId: run.id }, 'import could not be finished');
    }
  }

  /**
   * Bytes of postings JSON one job.found may carry (the envelope and each posting's keys take the
   * rest of NATS's max_payload), and the most one posting may take.
   */
  private eventBounds(): { maxBatchBytes: number; maxPostingBytes: number } {
    const maxBatchBytes = Math.min(this.deps.settings.INGEST_MAX_BATCH_BYTES, maxEventSize() - 16 * 1024);
    return {
      maxBatchBytes,
      maxPostingBytes: Math.min(this.deps.settings.INGEST_MAX_POSTING_BYTES, maxBatchBytes),
    };
  }

  /** The feed as work items, streamed: never the whole feed in memory. */
  private async *items(run: ImportRun, feed: FeedInput): AsyncGenerator<ReadItem> {
    const { settings } = this.deps;
    if (run.format === JobImportFormat.URLS) {
      const text = feed.kind === 'data' ? await readAll(feed.source, settings.INGEST_MAX_FEED_BYTES) : '';
      const urls = text
        .split(/\r?\n/)
        .map((line, index) => ({ index, url: line.trim() }))
        .filter((entry) => entry.url && !entry.url.startsWith('#'));
      for await (const outcome of this.crawler.crawl(urls)) yield* crawled(outcome);
      return;
    }
    if (run.format === JobImportFormat.HTML) {
      if (feed.kind === 'url') {
        yield* crawled(await this.crawler.crawlOne(0, feed.url));
        return;
      }
      const html = await readAll(feed.source, settings.CRAWLER_MAX_PAGE_BYTES);
      for (const item of parseJobPostingHtml(html, { keepRawHtml: false })) {
        if (!item.ok) yield { kind: 'rejected', index: item.index, reason: item.reason };
        else yield { kind: 'posting', index: item.index, posting: item.posting, html };
      }
      return;
    }
    const stream =
      feed.kind === 'url'
        ? (
            await safeRequest(feed.url, {
              allowPrivateNetworks: settings.CRAWLER_ALLOW_PRIVATE_NETWORKS,
              allowHosts: settings.CRAWLER_ALLOW_HOSTS,
              userAgent: settings.CRAWLER_USER_AGENT,
              timeoutMs: 10 * 60_000,
              maxBytes: settings.INGEST_MAX_FEED_BYTES,
            })
          ).body
        : feed.source;
    const maxBytes = feed.kind === 'url' ? settings.INGEST_MAX_FEED_BYTES : undefined;
    const parsed =
      run.format === JobImportFormat.CSV
        ? parseCsvJobs(stream, { maxBytes })
        : parseJsonResumeJobs(stream, { maxBytes });
    for await (const item of parsed) {
      if (!item.ok) yield { kind: 'rejected', index: item.index, reason: item.reason };
      else yield { kind: 'posting', index: item.index, posting: item.posting };
    }
  }

  /** One batch: Redis dedupe, raw HTML to S3, then job.found and the counts in one transaction. */
  private async flush(em: EntityManager, run: ImportRun, items: WorkItem[], batchNumber: number) {
    const { redis, storage, settings } = this.deps;
    const rejections: { index: number; reason: string }[] = [];
    const seen: string[] = [];
    let duplicates = 0;
    const candidates = new Map<string, Prepared>();
    /** Crawled page → the dedupe keys of its postings (a later crawl within 24 h skips the page). */
    const pageKeys = new Map<string, string[]>();
    for (const item of items) {
      if (item.kind === 'rejected') {
        rejections.push({ index: item.index, reason: item.reason.slice(0, 500) });
        if (item.seenKeys) seen.push(...item.seenKeys);
      } else if (item.kind === 'duplicate') {
        duplicates++;
        seen.push(...item.seenKeys);
      } else {
        const key = dedupeKey({ source: run.source, ...item.posting });
        seen.push(key.hash);
        if (item.pageHash) {
          const keys = pageKeys.get(item.pageHash) ?? [];
          pageKeys.set(item.pageHash, [...keys, key.hash]);
        }
        // The same posting twice in one batch: the first one counts.
        if (candidates.has(key.hash)) {
          duplicates++;
          continue;
        }
        candidates.set(key.hash, {
          index: item.index,
          key,
          contentHash: contentHashOf(item.posting),
          posting: item.posting,
          html: item.html,
          pageHash: item.pageHash,
        });
      }
    }
    const prepared = [...candidates.values()];
    if (prepared.length > 0) {
      const stored = await redis.mget(...prepared.map((p) => dedupeRedisKey(p.key.hash)));
      for (let i = prepared.length - 1; i >= 0; i--) {
        if (stored[i] === prepared[i].contentHash) {
          prepared.splice(i, 1);
          duplicates++;
        }
      }
    }
    if (pageKeys.size > 0) {
      const pipeline = redis.pipeline();
      for (const [page, keys] of pageKeys) {
        // Added to, not replaced: a page's postings may span batches.
        pipeline.sadd(pagePostingsKey(page), ...keys);
        pipeline.expire(pagePostingsKey(page), settings.CRAWLER_DEDUPE_SECONDS);
      }
      await pipeline.exec();
    }
    // Seen before job.found goes out: the consumer may end the import (and close the absent) at once.
    if (run.fullFeed && seen.length > 0) {
      await redis
        .pipeline()
        .sadd(importSeenKey(run.id), ...seen)
        .expire(importSeenKey(run.id), 2 * 86_400)
        .exec();
    }
    const uploaded = new Map<string, string>();
    const postings: EventData<'job.found'>['postings'] = [];
    for (const item of prepared) {
      let htmlKey: string | null = null;
      if (item.html) {
        const objectKey = rawHtmlKey(item.pageHash ?? item.key.hash);
        if (!uploaded.has(objectKey)) {
          await storage.putObject(
            settings.JOBS_RAW_HTML_BUCKET,
            objectKey,
            Buffer.from(item.html),
            undefined,
            {
              'Content-Type': 'text/html; charset=utf-8',
            },
          );
          uploaded.set(objectKey, objectKey);
        }
        htmlKey = objectKey;
      }
      const { rawHtml: _raw, sharesPageUrl: _shared, ...posting } = item.posting;
      postings.push({
        index: item.index,
        dedupeKey: item.key.hash,
        dedupeKind: item.key.kind,
        urlHash: item.key.kind === 'url' ? item.key.hash : null,
        contentHash: item.contentHash,
        rawHtmlKey: htmlKey,
        posting: JSON.parse(JSON.stringify(posting)) as EventData<'job.found'>['postings'][number]['posting'],
      });
    }
    await transactionWithEvents(em, this.deps.outbox, 'jobs', async (tx, emit) => {
      if (postings.length > 0) {
        await emit('job.found', { importId: run.id, source: run.source, batch: batchNumber, postings });
      }
      await tx.execute(
        `update job_imports set received = received + ?, duplicate = duplicate + ?, rejected = rejected + ?,
           dispatched = dispatched + ?,
           rejections = jsonb_path_query_array(rejections || ?::jsonb, '$[0 to ${MAX_REJECTIONS - 1}]')
         where id = ?`,
        [items.length, duplicates, rejections.length, postings.length, JSON.stringify(rejections), run.id],
      );
      await reportProgress(tx, run.id);
    });
  }
}

function* crawled(outcome: CrawlOutcome): Generator<ReadItem> {
  if (outcome.kind === 'duplicate')
    yield { kind: 'duplicate', index: outcome.index, seenKeys: outcome.seenKeys };
  else if (outcome.kind === 'rejected')
    yield { kind: 'rejected', index: outcome.index, reason: outcome.reason, seenKeys: outcome.seenKeys };
  else
    for (const posting of outcome.postings)
      yield { kind: 'posting', index: outcome.index, posting, html: outcome.html, pageHash: outcome.urlHash };
}

/** Room a rejection or duplicate takes in a batch (its reason goes into the counts, not the event). */
const REJECTION_BYTES = 64;
/** A posting's keys and hashes in job.found, beside the posting itself. */
const POSTING_OVERHEAD_BYTES = 512;

/**
 * A posting with its size as job.found JSON, or a rejection when it is larger than one event may
 * carry (a feed with one huge cell): refused here, it never reaches the outbox.
 */
function boundPosting(item: ReadItem, maxPostingBytes: number): WorkItem {
  if (item.kind !== 'posting') return item;
  const { rawHtml: _raw, ...posting } = item.posting;
  const bytes = Buffer.byteLength(JSON.stringify(posting)) + POSTING_OVERHEAD_BYTES;
  if (bytes <= maxPostingBytes) return { ...item, bytes };
  return {
    kind: 'rejected',
    index: item.index,
    reason: `POSTING_TOO_LARGE: the posting takes ${bytes} bytes; at most ${maxPostingBytes}`,
  };
}

function leaseLost() {
  return Object.assign(new Error('the import was failed while its feed was read'), {
    extensions: { reason: 'WORKER_LOST' },
  });
}

/** SHA-256 of the posting as found (without its page): equal hashes mean nothing changed. */
export function contentHashOf(posting: RawJobPosting): string {
  const { rawHtml: _raw, ...rest } = posting;
  return hash('sha256', JSON.stringify(rest));
}

async function readAll(source: FeedSource, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitBytes(toReadable(source), maxBytes)) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function interrupted() {
  return Object.assign(new Error('the service stopped before the feed was read to the end'), {
    extensions: { reason: 'INTERRUPTED' },
  });
}

/** A coded reason for a feed that could not be read ("MALFORMED_JSON: …"), null when unexpected. */
function describeFailure(error: unknown): string | null {
  const extensions = (error as { extensions?: { reason?: string } }).extensions;
  const reason = extensions?.reason ?? netFailureReason(error);
  return reason ? `${reason}: ${(error as Error).message}` : null;
}
