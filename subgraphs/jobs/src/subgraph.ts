import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { startImportSweeper } from './imports/import-lease.js';
import { importSettings } from './imports/import.settings.js';
import { JobImport } from './imports/job-import.entity.js';
import { subscribeImportEvents } from './imports/job-import.consumers.js';
import { importPipeline } from './imports/import.pipeline.js';
import { Job } from './jobs/job.entity.js';
import { subscribeJobEvents } from './jobs/job.consumers.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The jobs subgraph: job postings and their imports. */
export const jobsSubgraph: SubgraphDefinition = {
  name: 'jobs',
  entities: [Job, JobImport],
  migrations,
  buildSchema,
  onStart: async (runtime) => {
    await subscribeJobEvents(runtime);
    await subscribeImportEvents(runtime);
    const settings = importSettings(runtime.config);
    const stopSweeper = settings.IMPORT_SWEEPER
      ? startImportSweeper({
          em: runtime.orm.em as EntityManager,
          outbox: runtime.outbox,
          logger: runtime.logger,
          leaseSeconds: settings.IMPORT_LEASE_SECONDS,
          worker: importPipeline(runtime).worker,
        })
      : () => undefined;
    return () => {
      stopSweeper();
      return importPipeline(runtime).worker.stop();
    };
  },
};
