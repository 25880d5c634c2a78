import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { ResumeResolver, resumeReferenceResolver } from './resumes/resume.resolver.js';
import { SnapshotResolver } from './snapshots/snapshot.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [ResumeResolver, SnapshotResolver],
    referenceResolvers: resumeReferenceResolver,
  });
}
