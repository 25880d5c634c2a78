import type { SubgraphDefinition } from '@hiregraph/libs/subgraph/service';
import { User } from './users/user.entity.js';
import { RefreshToken, Session } from './auth/session.entity.js';
import { SigningKey } from './auth/signing-key.entity.js';
import { UserPreferences } from './preferences/preferences.entity.js';
import { authServices } from './auth/auth-services.js';
import { scheduleCredentialCleanUp } from './auth/maintenance.js';
import { migrations } from './migrations/index.js';
import { buildSchema } from './schema.js';

/** The users subgraph: accounts, sessions and tokens (it signs them and publishes the JWKS), preferences. */
export const usersSubgraph: SubgraphDefinition = {
  name: 'users',
  entities: [User, Session, RefreshToken, SigningKey, UserPreferences],
  migrations,
  buildSchema,
  // The issuer verifies with its own key table instead of fetching its own JWKS over HTTP.
  accessTokenKeys: (runtime) => authServices(runtime).keys.verificationKeys,
  configureHttp: (app, runtime) => {
    app.get('/.well-known/jwks.json', async (_req, res, next) => {
      try {
        res.setHeader('cache-control', 'public, max-age=60');
        res.json(await authServices(runtime).keys.jwks());
      } catch (error) {
        next(error);
      }
    });
  },
  onStart: async (runtime) => {
    await authServices(runtime).keys.signingKey(); // the first key exists before the first sign-in
    return scheduleCredentialCleanUp(runtime);
  },
};
