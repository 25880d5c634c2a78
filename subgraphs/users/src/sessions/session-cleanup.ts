import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@hiregraph/platform/logger';
import { RefreshToken, Session } from './session.entity.js';

const HOUR_MS = 3_600_000;

/** Deletes expired refresh tokens and sessions ended more than a day ago, and retired signing keys. */
export interface CredentialCleanUp {
  orm: MikroORM;
  /** The signing key store (tokens/), seen only through what the clean-up needs: tokens sit above sessions. */
  keys: { pruneRetired(): Promise<number> };
  logger: Logger;
}

export async function cleanUpExpiredCredentials(
  { orm, keys: signingKeys, logger }: CredentialCleanUp,
  now = new Date(),
): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  const tokens = await em.nativeDelete(RefreshToken, { expiresAt: { $lt: now } });
  const sessions = await em.nativeDelete(Session, {
    $or: [{ expiresAt: { $lt: now } }, { revokedAt: { $lt: dayAgo } }],
  });
  await em.execute(
    'delete from refresh_tokens t where not exists (select 1 from sessions s where s.id = t.session_id)',
  );
  const keys = await signingKeys.pruneRetired();
  logger.info({ tokens, sessions, keys }, 'expired credentials cleaned up');
}

/** Runs the clean-up now and hourly; the returned stop function waits for a run in progress. */
export function scheduleCredentialCleanUp(job: CredentialCleanUp): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = cleanUpExpiredCredentials(job).catch((error) =>
      job.logger.warn({ err: error }, 'clean-up failed'),
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
