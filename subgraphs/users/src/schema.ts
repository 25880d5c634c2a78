import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { UserResolver, userReferenceResolver } from './users/user.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [UserResolver],
    referenceResolvers: userReferenceResolver,
  });
}
