import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRelay } from '@hiregraph/platform/events/outbox';
import type { Redis } from '@hiregraph/platform/redis';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import { loadJobsSettings, type JobsSettings } from './environment.js';
import { ImportWorker } from './imports/import-worker.js';
import { JobIngestion } from './imports/job-ingestion.js';
import { JobCache } from './jobs/job.cache.js';

/**
 * What the jobs subgraph's services share for the life of the process, built once when the
 * subgraph starts (see subgraph.ts) and handed to resolvers and consumers explicitly. One import
 * worker and one ingestion per process: the robots.txt cache and crawl slots are shared by every
 * import.
 */
export interface JobsServices {
  settings: JobsSettings;
  redis: Redis;
  outbox: OutboxRelay;
  /** The job cache for the process (resolvers build per-request ones that log with the request). */
  cache: JobCache;
  worker: ImportWorker;
  ingestion: JobIngestion;
}

export function buildJobsServices(
  runtime: Pick<SubgraphRuntime, 'config' | 'orm' | 'redis' | 'logger' | 'outbox' | 'storage'>,
): JobsServices {
  const settings = loadJobsSettings(runtime.config);
  const cache = new JobCache(runtime.redis, runtime.logger);
  return {
    settings,
    redis: runtime.redis,
    outbox: runtime.outbox,
    cache,
    worker: new ImportWorker({
      em: runtime.orm.em as EntityManager,
      outbox: runtime.outbox,
      redis: runtime.redis,
      storage: runtime.storage,
      cache,
      logger: runtime.logger,
      settings,
    }),
    ingestion: new JobIngestion({
      redis: runtime.redis,
      cache,
      dedupeSeconds: settings.CRAWLER_DEDUPE_SECONDS,
    }),
  };
}
