import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';

/**
 * Tombstones: ids a subgraph has deleted because of an event (a user, a resume, a job). Consumers
 * handle event types independently, so a late `user.registered` or `resume.created` — or a create
 * request in flight during an account deletion — must not bring deleted data back.
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

export async function bury(em: EntityManager, kind: TombstoneKind, id: string): Promise<void> {
  await em.execute('insert into tombstones (kind, id) values (?, ?) on conflict do nothing', [kind, id]);
}

/** Whether any of `ids` of that kind was deleted. */
export async function isBuried(em: EntityManager, kind: TombstoneKind, ...ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const rows = await em.execute<{ id: string }[]>(
    `select id from tombstones where kind = ? and id in (${ids.map(() => '?').join(', ')}) limit 1`,
    [kind, ...ids],
  );
  return rows.length > 0;
}
