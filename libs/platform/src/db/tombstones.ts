import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { unauthenticated } from '../auth/tokens.js';

/**
 * Tombstones: ids a subgraph has deleted because of an event (a user, a resume, a job). Consumers
 * handle event types independently, so a late `user.registered` or `resume.created` — or a create
 * request in flight during an account deletion — must not bring deleted data back.
 *
 * Checking a tombstone and then writing is a race unless both sides serialize: whoever buries an id
 * and whoever checks it before writing data about it take the same per-id transaction lock first
 * (`lockTombstone`). The burial then either commits before the check (which sees the tombstone) or
 * waits until the writer commits (and its delete sees the written row). `bury`, `isBuried` and
 * `refuseDeletedAccount` take that lock, so they must run inside a transaction.
 */
export type TombstoneKind = 'user' | 'resume' | 'job';

export class TombstonesMigration extends Migration {
  override name = '00000000000001_tombstones';

  override up(): void {
    this.addSql(`create table tombstones (
      kind text not null,
      id uuid not null,
      buried_at timestamptz not null default now(),
      primary key (kind, id)
    )`);
  }

  override down(): void {
    this.addSql('drop table tombstones');
  }
}

/**
 * Serializes, until the transaction ends, everything that buries or checks (`kind`, `id`). Locks are
 * taken in the order the ids are given; callers lock resume before user before job, so two
 * transactions never wait on each other in a cycle.
 */
export async function lockTombstone(tx: EntityManager, kind: TombstoneKind, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${kind}:${id}`]);
  }
}

/** Records that `id` was deleted (taking its lock, so in-flight writers about it finish first). */
export async function bury(em: EntityManager, kind: TombstoneKind, id: string): Promise<void> {
  await lockTombstone(em, kind, id);
  await em.execute('insert into tombstones (kind, id) values (?, ?) on conflict do nothing', [kind, id]);
}

/**
 * Whether any of `ids` of that kind was deleted. Takes their locks, so the answer holds until the
 * transaction ends: nothing can bury them meanwhile.
 */
export async function isBuried(em: EntityManager, kind: TombstoneKind, ...ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  await lockTombstone(em, kind, ...ids);
  const rows = await em.execute<{ id: string }[]>(
    `select id from tombstones where kind = ? and id in (${ids.map(() => '?').join(', ')}) limit 1`,
    [kind, ...ids],
  );
  return rows.length > 0;
}

/**
 * Refuses a write on behalf of an account that was deleted meanwhile (a request still in flight when
 * `user.deleted` arrived): nothing may be left behind for it. Holds the account's lock until the
 * transaction ends, so a deletion arriving now waits and then removes what this transaction wrote.
 */
export async function refuseDeletedAccount(tx: EntityManager, userId: string): Promise<void> {
  if (await isBuried(tx, 'user', userId)) throw unauthenticated('Account no longer exists');
}
