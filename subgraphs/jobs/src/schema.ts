import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { JobResolver, jobReferenceResolver } from './jobs/job.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({ resolvers: [JobResolver], referenceResolvers: jobReferenceResolver });
}
