import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { JobImportResolver } from './imports/job-import.resolver.js';
import { JobImportProgressResolver } from './imports/job-import-progress.resolver.js';
import { JobResolver, jobReferenceResolver } from './jobs/job.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [JobResolver, JobImportResolver, JobImportProgressResolver],
    referenceResolvers: jobReferenceResolver,
  });
}
