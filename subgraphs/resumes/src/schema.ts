import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { ResumeResolver, resumeReferenceResolver } from './resumes/resume.resolver.js';
import { SnapshotResolver } from './snapshots/snapshot.resolver.js';
import { ResumeStatusResolver } from './resumes/resume-status.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [ResumeResolver, SnapshotResolver, ResumeStatusResolver],
    referenceResolvers: resumeReferenceResolver,
  });
}
