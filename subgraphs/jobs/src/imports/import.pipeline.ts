import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobCache } from '../jobs/job.cache.js';
import { ImportWorker } from './import-worker.js';
import { importSettings } from './import.settings.js';
import { JobIngestion } from './job-ingestion.js';

/** One worker and one ingestion per process (the robots.txt cache is shared by every import). */
export interface ImportPipeline {
  worker: ImportWorker;
  ingestion: JobIngestion;
}

const pipelines = new WeakMap<SubgraphRuntime, ImportPipeline>();

export function importPipeline(runtime: SubgraphRuntime): ImportPipeline {
  let pipeline = pipelines.get(runtime);
  if (!pipeline) {
    const settings = importSettings(runtime.config);
    const cache = new JobCache(runtime.redis, runtime.logger);
    pipeline = {
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
    pipelines.set(runtime, pipeline);
  }
  return pipeline;
}
