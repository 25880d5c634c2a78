import { z } from 'zod';
import { loadConfig } from '@hiregraph/libs/config';
import type { SubgraphConfig } from '@hiregraph/libs/subgraph/service';

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** Ingestion and crawler settings, read from the jobs subgraph's environment (docs/operations.md). */
export const importSettingsSchema = z.object({
  /** Lets the crawler and feed fetches reach private, loopback and link-local targets (tests only). */
  CRAWLER_ALLOW_PRIVATE_NETWORKS: flag.default(false),
  /** Exact host:port targets exempt from the SSRF address check (e.g. a test server), comma-separated. */
  CRAWLER_ALLOW_HOSTS: list,
  /** Gap between two requests to one domain when its robots.txt sets no Crawl-delay. */
  CRAWLER_MIN_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  /** Crawl-delays above this are capped (a site asking for an hour between pages is not crawled that slowly). */
  CRAWLER_MAX_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  CRAWLER_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  CRAWLER_MAX_PAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** Pages fetched at once per import (different domains proceed in parallel; one domain waits its turn). */
  CRAWLER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  CRAWLER_USER_AGENT: z.string().default('HiregraphBot/1.0 (+https://hiregraph.example/bot)'),
  /** A page crawled within this many seconds is not fetched again (dedup:url:{hash}). */
  CRAWLER_DEDUPE_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** Largest feed read from a URL; larger ones fail with FEED_TOO_LARGE (the CLI streams files of any size). */
  INGEST_MAX_FEED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Items a job.found event carries at most (also capped at INGEST_MAX_BATCH_BYTES of JSON). */
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Bytes of JSON a job.found event carries at most (and never more than NATS's max_payload allows). */
  INGEST_MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024),
  /** A posting larger than this as JSON is rejected (POSTING_TOO_LARGE) instead of sent. */
  INGEST_MAX_POSTING_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /**
   * An import whose worker (or ingestion) has not renewed its lease for this long is FAILED
   * (WORKER_LOST) by the sweeper, which runs on start and every half lease.
   */
  IMPORT_LEASE_SECONDS: z.coerce.number().positive().default(120),
  /** Whether this process sweeps lost imports (the jobs:import CLI does not). */
  IMPORT_SWEEPER: flag.default(true),
  /** Bucket for raw HTML (jobs/raw/{urlHash}.html); the subgraph's S3_BUCKET unless set. */
  JOBS_RAW_HTML_BUCKET: z.string().optional(),
});
export type ImportSettings = z.infer<typeof importSettingsSchema> & { JOBS_RAW_HTML_BUCKET: string };

export function importSettings(config: SubgraphConfig): ImportSettings {
  const settings = loadConfig(importSettingsSchema, config.env);
  return { ...settings, JOBS_RAW_HTML_BUCKET: settings.JOBS_RAW_HTML_BUCKET ?? config.S3_BUCKET };
}
