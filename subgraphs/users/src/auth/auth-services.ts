import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { loadUsersSettings, type UsersSettings } from '../settings.js';
import { SigningKeyStore } from './signing-keys.js';
import { LoginThrottle, RateLimit } from './login-throttle.js';
import { GoogleSignIn } from './google.js';

/** The identity machinery of one users-subgraph process, built once from its runtime. */
export interface AuthServices {
  settings: UsersSettings;
  keys: SigningKeyStore;
  throttle: LoginThrottle;
  registrations: RateLimit;
  google: GoogleSignIn;
}

type RuntimeBase = Pick<SubgraphRuntime, 'config' | 'orm' | 'redis' | 'logger'>;
const byOrm = new WeakMap<object, AuthServices>();

export function authServices(runtime: RuntimeBase): AuthServices {
  let services = byOrm.get(runtime.orm);
  if (!services) {
    const settings = loadUsersSettings(runtime.config);
    services = {
      settings,
      keys: new SigningKeyStore(runtime.orm.em as EntityManager, {
        secret: settings.AUTH_KEY_SECRET,
        accessTokenTtlSeconds: runtime.config.ACCESS_TOKEN_TTL_SECONDS,
        rotationDays: settings.SIGNING_KEY_ROTATION_DAYS,
        logger: runtime.logger,
      }),
      throttle: new LoginThrottle(runtime.redis, {
        maxFailures: settings.LOGIN_MAX_FAILURES,
        // Larger, so an attacker on other addresses cannot lock a user out as easily.
        subjectMaxFailures: settings.LOGIN_MAX_FAILURES * 4,
        ipMaxFailures: settings.LOGIN_IP_MAX_FAILURES,
        lockBaseSeconds: settings.LOGIN_LOCK_BASE_SECONDS,
        lockMaxSeconds: settings.LOGIN_LOCK_MAX_SECONDS,
        failureWindowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
        ipWindowSeconds: settings.LOGIN_IP_WINDOW_SECONDS,
      }),
      registrations: new RateLimit(runtime.redis, 'register', settings.REGISTRATIONS_PER_IP_PER_HOUR, 3600),
      google: new GoogleSignIn({
        clientId: settings.GOOGLE_CLIENT_ID,
        issuer: settings.GOOGLE_ISSUER,
        jwksUrl: settings.GOOGLE_JWKS_URL,
      }),
    };
    byOrm.set(runtime.orm, services);
  }
  return services;
}
