import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { ResumeResolver, resumeReferenceResolver } from './resumes/resume.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [ResumeResolver],
    referenceResolvers: resumeReferenceResolver,
  });
}
