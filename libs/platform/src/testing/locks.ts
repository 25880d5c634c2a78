import type { EntityManager } from '@mikro-orm/postgresql';
import { eventually } from './namespace.js';

/** How many sessions of `em`'s database are waiting for a lock (row, advisory, …). */
export async function lockWaiters(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ waiting: string }[]>(
    `select count(*) as waiting from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return Number(row.waiting);
}

/**
 * Waits until each of `operations` has either finished or is blocked waiting for a lock in `em`'s
 * database. A test holding a transaction open uses it to let concurrent work run as far as it can
 * before committing: the interleaving is then the same on every run, not a matter of timing.
 */
export async function untilSettledOrBlocked(
  em: EntityManager,
  operations: Promise<unknown>[],
): Promise<void> {
  let settled = 0;
  for (const operation of operations) {
    void operation.then(
      () => settled++,
      () => settled++,
    );
  }
  await eventually(async () => settled + (await lockWaiters(em)) >= operations.length);
}
