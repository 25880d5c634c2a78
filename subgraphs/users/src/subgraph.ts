import type { SubgraphDefinition } from '@hiregraph/platform/subgraph/service';
import { User } from './users/user.entity.js';
import { RefreshToken, Session } from './sessions/session.entity.js';
import { SigningKey } from './tokens/signing-key.entity.js';
import { UserPreferences } from './preferences/preferences.entity.js';
import { scheduleCredentialCleanUp } from './sessions/session-cleanup.js';
import { migrations } from './migrations/index.js';
import { MailboxMessage } from './email/mailbox.entity.js';
import { MatchNotification, OutgoingEmail } from './email/email.entity.js';
import { subscribeNotifications } from './notifications/notification.consumers.js';
import { WebhookDelivery, WebhookEndpoint } from './webhooks/webhook.entity.js';
import { buildSchema } from './schema.js';
import { buildUsersServices, type UsersServices } from './services.js';

/**
 * The users subgraph: accounts, sessions and tokens (it signs them and publishes the JWKS),
 * preferences, webhooks and email. Its container of services is built once, by createServices, from
 * the runtime's connections, and handed to the resolvers and every hook.
 */
export function createUsersSubgraph(): SubgraphDefinition<UsersServices> {
  return {
    name: 'users',
    entities: [
      User,
      Session,
      RefreshToken,
      SigningKey,
      UserPreferences,
      WebhookEndpoint,
      WebhookDelivery,
      OutgoingEmail,
      MatchNotification,
      MailboxMessage,
    ],
    migrations,
    createServices: (runtime) => buildUsersServices(runtime),
    buildSchema: (services) => buildSchema(services),
    // The issuer verifies with its own key table instead of fetching its own JWKS over HTTP.
    accessTokenKeys: (_runtime, services) => services.keys.verificationKeys,
    configureHttp: (app, _runtime, services) => {
      app.get('/.well-known/jwks.json', async (_req, res, next) => {
        try {
          res.setHeader('cache-control', 'public, max-age=60');
          res.json(await services.keys.jwks());
        } catch (error) {
          next(error);
        }
      });
    },
    onStart: async (runtime, services) => {
      const { keys, logger } = services;
      await keys.signingKey(); // the first key exists before the first sign-in
      const stopCleanUp = scheduleCredentialCleanUp({ orm: runtime.orm, keys, logger });
      const stopNotifications = await subscribeNotifications(runtime, services);
      return async () => {
        await stopNotifications();
        await stopCleanUp();
      };
    },
  };
}

export const usersSubgraph = createUsersSubgraph();
