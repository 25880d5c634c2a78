import { buildFederatedSchema } from '@hiregraph/platform/subgraph/schema';
import { GoogleResolver } from './google/google.resolver.js';
import { PasswordResolver } from './passwords/password.resolver.js';
import { PreferencesResolver } from './preferences/preferences.resolver.js';
import type { UsersServices } from './services.js';
import { SessionResolver } from './sessions/session.resolver.js';
import { TokenResolver } from './tokens/token.resolver.js';
import { UserResolver, userReferenceResolver } from './accounts/user.resolver.js';
import { WebhookResolver } from './webhooks/webhook.resolver.js';

const resolvers = [
  UserResolver,
  PasswordResolver,
  GoogleResolver,
  SessionResolver,
  TokenResolver,
  PreferencesResolver,
  WebhookResolver,
] as const;

/**
 * The users schema. Resolvers receive the subgraph's services through their constructor; building
 * the schema only to print it (composition) needs none, and its resolvers then refuse to run.
 */
export function buildSchema(services?: UsersServices) {
  const instances = new Map<unknown, unknown>();
  return buildFederatedSchema({
    resolvers,
    referenceResolvers: userReferenceResolver,
    container: {
      get: (resolverClass: new (services: UsersServices) => unknown) => {
        let instance = instances.get(resolverClass);
        if (!instance) instances.set(resolverClass, (instance = new resolverClass(services ?? notStarted())));
        return instance;
      },
    },
  });
}

function notStarted(): never {
  throw new Error('The users schema was built without services: start it through usersSubgraph');
}
