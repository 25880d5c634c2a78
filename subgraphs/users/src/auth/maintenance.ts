import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import { authServices } from './auth-services.js';
import { RefreshToken, Session } from './session.entity.js';

const HOUR_MS = 3_600_000;

/** Deletes expired refresh tokens and sessions ended more than a day ago, and retired signing keys. */
export async function cleanUpExpiredCredentials(runtime: SubgraphRuntime, now = new Date()): Promise<void> {
  const em = runtime.orm.em.fork() as EntityManager;
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  const tokens = await em.nativeDelete(RefreshToken, { expiresAt: { $lt: now } });
  const sessions = await em.nativeDelete(Session, {
    $or: [{ expiresAt: { $lt: now } }, { revokedAt: { $lt: dayAgo } }],
  });
  await em.execute(
    'delete from refresh_tokens t where not exists (select 1 from sessions s where s.id = t.session_id)',
  );
  const keys = await authServices(runtime).keys.pruneRetired();
  runtime.logger.info({ tokens, sessions, keys }, 'expired credentials cleaned up');
}

/** Runs the clean-up now and hourly; the returned stop function waits for a run in progress. */
export function scheduleCredentialCleanUp(runtime: SubgraphRuntime): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = cleanUpExpiredCredentials(runtime).catch((error) =>
      runtime.logger.warn({ err: error }, 'clean-up failed'),
    );
  };
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
