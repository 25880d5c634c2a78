import { buildFederatedSchema } from '@hiregraph/platform/subgraph/schema';
import { JobImportResolver } from './imports/job-import.resolver.js';
import { JobImportProgressResolver } from './imports/job-import-progress.resolver.js';
import { JobResolver, jobReferenceResolver } from './jobs/job.resolver.js';
import type { JobsServices } from './services.js';

const resolvers = [JobResolver, JobImportResolver, JobImportProgressResolver] as const;

/**
 * The jobs schema. Resolvers receive the subgraph's services through their constructor; building
 * the schema only to print it (composition) needs none, and its resolvers then refuse to run.
 */
export function buildSchema(services?: JobsServices) {
  const instances = new Map<unknown, unknown>();
  return buildFederatedSchema({
    resolvers,
    referenceResolvers: jobReferenceResolver,
    container: {
      get: (resolverClass: new (services: JobsServices) => unknown) => {
        let instance = instances.get(resolverClass);
        if (!instance) instances.set(resolverClass, (instance = new resolverClass(services ?? notStarted())));
        return instance;
      },
    },
  });
}

function notStarted(): never {
  throw new Error('The jobs schema was built without services: start it through jobsSubgraph');
}
