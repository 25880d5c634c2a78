import { z } from 'zod';
import { booleanFromEnv, DEFAULT_PORTS, loadConfig, portSetting } from '@hiregraph/platform/config';
import {
  loadSubgraphConfig,
  subgraphConfigSchema,
  type SubgraphConfig,
} from '@hiregraph/platform/subgraph/service';

/**
 * Every environment variable the jobs subgraph (and its jobs:import CLI) reads, and the only file
 * of subgraphs/jobs that reads `process.env`. The platform's variables (database, NATS, Redis, S3,
 * tokens, limits: see libs/platform/src/config.ts and libs/platform/src/subgraph/service.ts) come from libs, extended
 * here with the subgraph's own; README.md has a row for each (checked by environment.test.ts).
 */

const commaSeparated = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** The jobs subgraph's own settings (ingestion and crawler), beside the platform's. */
const jobsOwnSettings = z.object({
  CRAWLER_ALLOW_PRIVATE_NETWORKS: booleanFromEnv
    .default(false)
    .describe(
      'Lets the crawler and feed fetches reach private, loopback and link-local targets (tests only).',
    ),
  CRAWLER_ALLOW_HOSTS: commaSeparated.describe(
    'Comma-separated exact host:port targets exempt from the SSRF address check (e.g. a test server).',
  ),
  CRAWLER_MIN_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1_000)
    .describe('Gap between two requests to one domain when its robots.txt sets no Crawl-delay.'),
  CRAWLER_MAX_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe(
      'Crawl-delays above this are capped (a site asking for an hour between pages is not crawled that slowly).',
    ),
  CRAWLER_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15_000)
    .describe('Timeout of one page (or robots.txt) fetch.'),
  CRAWLER_MAX_PAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024)
    .describe('Largest page the crawler reads, and largest HTML given as data.'),
  CRAWLER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(4)
    .describe('Pages fetched at once per import (different domains in parallel; one domain waits its turn).'),
  CRAWLER_USER_AGENT: z
    .string()
    .default('HiregraphBot/1.0 (+https://hiregraph.example/bot)')
    .describe('User-Agent of the crawler, also the agent whose robots.txt rules it follows.'),
  CRAWLER_DEDUPE_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(86_400)
    .describe('A page crawled within this many seconds is not fetched again (dedup:url:{hash}).'),
  INGEST_MAX_FEED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024)
    .describe(
      'Largest feed read from a URL; larger ones fail with FEED_TOO_LARGE (the CLI streams files of any size).',
    ),
  INGEST_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(500)
    .describe('Items a job.found event carries at most (also capped at INGEST_MAX_BATCH_BYTES of JSON).'),
  INGEST_MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024)
    .describe(
      "Bytes of JSON a job.found event carries at most (and never more than NATS's max_payload allows).",
    ),
  INGEST_MAX_POSTING_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024)
    .describe('A posting larger than this as JSON is rejected (POSTING_TOO_LARGE) instead of sent.'),
  IMPORT_LEASE_SECONDS: z.coerce
    .number()
    .positive()
    .default(120)
    .describe(
      'An import whose worker has not renewed its lease for this long is FAILED (WORKER_LOST) by the sweeper, which runs on start and every half lease.',
    ),
  IMPORT_SWEEPER: booleanFromEnv
    .default(true)
    .describe('Whether this process sweeps lost imports (the jobs:import CLI does not).'),
  JOBS_RAW_HTML_BUCKET: z
    .string()
    .optional()
    .describe("Bucket for raw HTML (jobs/raw/{urlHash}.html); the subgraph's S3_BUCKET unless set."),
});

/** The jobs subgraph's settings beyond the platform's, as its services use them (the bucket resolved). */
export type JobsSettings = z.infer<typeof jobsOwnSettings> & { JOBS_RAW_HTML_BUCKET: string };

/** Every variable the jobs subgraph reads: the platform's (from @hiregraph/platform), its port, and its own. */
export const jobsEnvironmentSchema = subgraphConfigSchema.extend({
  JOBS_PORT: portSetting(DEFAULT_PORTS.jobs).describe('Port of the jobs subgraph (0: any free port).'),
  ...jobsOwnSettings.shape,
});

/** The platform config of the jobs subgraph (what platform's start-up reads) from `env`. */
export function loadJobsConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return loadSubgraphConfig('jobs', env);
}

/**
 * The config of the jobs:import CLI: the subgraph's environment, on any free port, quieter (warn
 * unless LOG_LEVEL says otherwise), and without the lost-import sweeper, which it leaves to the
 * jobs subgraph that outlives it.
 */
export function loadImportCliConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return loadJobsConfig({
    ...env,
    JOBS_PORT: '0',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    IMPORT_SWEEPER: 'false',
  });
}

/** The jobs subgraph's own settings, from the environment its platform config was read from. */
export function loadJobsSettings(config: SubgraphConfig): JobsSettings {
  const settings = loadConfig(jobsOwnSettings, config.env);
  return { ...settings, JOBS_RAW_HTML_BUCKET: settings.JOBS_RAW_HTML_BUCKET ?? config.S3_BUCKET };
}
