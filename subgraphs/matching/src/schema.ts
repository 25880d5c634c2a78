import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { MatchResolver, matchReferenceResolver } from './matches/match.resolver.js';
import { ReembedResolver } from './embeddings/reembed.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [MatchResolver, ReembedResolver],
    referenceResolvers: matchReferenceResolver,
  });
}
