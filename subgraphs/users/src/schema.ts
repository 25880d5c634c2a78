import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { AuthResolver } from './auth/auth.resolver.js';
import { PreferencesResolver } from './preferences/preferences.resolver.js';
import { UserResolver, userReferenceResolver } from './users/user.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [UserResolver, AuthResolver, PreferencesResolver],
    referenceResolvers: userReferenceResolver,
  });
}
