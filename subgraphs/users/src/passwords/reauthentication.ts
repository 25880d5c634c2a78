import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '@hiregraph/platform/auth/guards';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { badUserInput } from '@hiregraph/platform/errors';
import type { LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './passwords.js';
import { Session } from '../sessions/session.entity.js';

/** A session this young counts as having just signed in (for accounts without a password). */
const RECENT_SIGN_IN_MS = 10 * 60_000;

/**
 * Confirms a sensitive change (password, account deletion) beyond the access token, which may be
 * stolen: accounts with a password must present it (guesses are throttled like logins); accounts
 * without one (Google only) must have signed in within the last 10 minutes.
 */
export async function reauthenticate(
  em: EntityManager,
  throttle: LoginThrottle,
  viewer: Viewer,
  user: { id: string; passwordHash: string | null },
  password: string | null | undefined,
  field: string,
  ip: string,
): Promise<void> {
  if (!user.passwordHash) {
    const session = await em.findOne(Session, { id: viewer.sessionId });
    if (!session || Date.now() - session.createdAt.getTime() > RECENT_SIGN_IN_MS) {
      throw forbidden('Sign in again to confirm this change');
    }
    return;
  }
  if (!password) throw badUserInput('Enter your password to confirm', { field });
  const { passwordHash } = user;
  const valid = await throttle.attempt(`reauth:${user.id}`, ip, () => verifyPassword(passwordHash, password));
  if (!valid) throw forbidden('Password is wrong');
}
