import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { MatchResolver, matchReferenceResolver } from './matches/match.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({ resolvers: [MatchResolver], referenceResolvers: matchReferenceResolver });
}
