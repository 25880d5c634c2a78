import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { User } from './users/user.entity.js';
import { RefreshToken, Session } from './sessions/session.entity.js';
import { SigningKey } from './tokens/signing-key.entity.js';
import { UserPreferences } from './preferences/preferences.entity.js';
import { scheduleCredentialCleanUp } from './sessions/session-cleanup.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';
import { buildUsersServices, type UsersServices } from './services.js';

export interface UsersSubgraph extends SubgraphDefinition {
  /** The services of the running subgraph (throws before it has started). */
  services(): UsersServices;
}

/**
 * The users subgraph: accounts, sessions and tokens (it signs them and publishes the JWKS),
 * preferences. Its services are built once, when it starts, and passed to resolvers and jobs; a
 * definition runs one subgraph at a time (tests that start several create one each).
 */
export function createUsersSubgraph(): UsersSubgraph {
  let services: UsersServices | undefined;
  const started = (): UsersServices => {
    if (!services) throw new Error('The users subgraph has not started');
    return services;
  };
  return {
    name: 'users',
    entities: [User, Session, RefreshToken, SigningKey, UserPreferences],
    migrations,
    services: started,
    buildSchema: () => buildSchema(started),
    // The first hook start-up calls, with the runtime's connections: the services are built here.
    // The issuer verifies with its own key table instead of fetching its own JWKS over HTTP.
    accessTokenKeys: (runtime) => {
      services = buildUsersServices(runtime);
      return services.keys.verificationKeys;
    },
    configureHttp: (app) => {
      app.get('/.well-known/jwks.json', async (_req, res, next) => {
        try {
          res.setHeader('cache-control', 'public, max-age=60');
          res.json(await started().keys.jwks());
        } catch (error) {
          next(error);
        }
      });
    },
    onStart: async (runtime) => {
      const { keys, logger } = started();
      await keys.signingKey(); // the first key exists before the first sign-in
      return scheduleCredentialCleanUp({ orm: runtime.orm, keys, logger });
    },
  };
}

export const usersSubgraph = createUsersSubgraph();
