import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@hiregraph/libs/auth/viewer';
import { unauthenticated } from '@hiregraph/libs/auth/tokens';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { enqueueEvent } from '@hiregraph/libs/events/outbox';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { authServices } from '../auth/auth-services.js';
import { reauthenticate } from '../auth/reauthentication.js';
import { RefreshToken, Session } from '../auth/session.entity.js';
import { UserPreferences } from '../preferences/preferences.entity.js';
import { preferencesCacheKey } from '../preferences/preferences.service.js';
import { User } from '../users/user.entity.js';

/**
 * Deletes an account: the users subgraph's rows go in one transaction that also enqueues
 * user.deleted, on which every other subgraph removes its data about the user.
 */
export async function deleteAccount(
  em: EntityManager,
  runtime: SubgraphRuntime,
  viewer: Viewer,
  password: string | null | undefined,
  ip: string,
): Promise<boolean> {
  const user = await em.findOne(User, { id: viewer.id });
  if (!user) throw unauthenticated('Account no longer exists');
  await reauthenticate(em, authServices(runtime).throttle, viewer, user, password, 'password', ip);
  // Refuse the account's tokens first, so nothing can act for it while its data goes.
  const sessions = await em.find(Session, { userId: user.id }, { fields: ['id'] });
  await runtime.revocations.revokeSessions(sessions.map((session) => session.id));
  const lastSessions = await em.fork().transactional(async (tx) => {
    const ids = (await tx.find(Session, { userId: user.id }, { fields: ['id'] })).map(
      (session) => session.id,
    );
    await tx.nativeDelete(RefreshToken, { sessionId: { $in: ids } });
    await tx.nativeDelete(Session, { userId: user.id });
    await tx.nativeDelete(UserPreferences, { userId: user.id });
    await tx.nativeDelete(User, { id: user.id });
    await enqueueEvent(tx, createEvent('user.deleted', { userId: user.id }, { producer: 'users' }));
    return ids;
  });
  // A sign-in that slipped in between opened a session the first revocation did not know.
  await runtime.revocations.revokeSessions(lastSessions);
  await runtime.redis.del(preferencesCacheKey(user.id));
  void runtime.outbox.wake();
  return true;
}
