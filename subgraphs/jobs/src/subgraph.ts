import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphDefinition } from '@hiregraph/platform/subgraph/service';
import { startImportSweeper } from './imports/import-lease.js';
import { JobImport } from './imports/job-import.entity.js';
import { subscribeImportEvents } from './imports/job-import.consumers.js';
import { Job } from './jobs/job.entity.js';
import { subscribeJobEvents } from './jobs/job.consumers.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';
import { buildJobsServices, type JobsServices } from './services.js';

/**
 * The jobs subgraph: job postings and their imports. Its container of services is built once, by
 * createServices, from the runtime's connections, and handed to the resolvers and every hook.
 */
export function createJobsSubgraph(): SubgraphDefinition<JobsServices> {
  return {
    name: 'jobs',
    entities: [Job, JobImport],
    migrations,
    createServices: (runtime) => buildJobsServices(runtime),
    buildSchema: (services) => buildSchema(services),
    onStart: async (runtime, services) => {
      await subscribeJobEvents(runtime, services);
      await subscribeImportEvents(runtime, services);
      const { settings, worker } = services;
      const stopSweeper = settings.IMPORT_SWEEPER
        ? startImportSweeper({
            em: runtime.orm.em as EntityManager,
            outbox: runtime.outbox,
            logger: runtime.logger,
            leaseSeconds: settings.IMPORT_LEASE_SECONDS,
            worker,
          })
        : () => undefined;
      return () => {
        stopSweeper();
        return worker.stop();
      };
    },
  };
}

export const jobsSubgraph = createJobsSubgraph();
