import pg from 'pg';
import { OUTBOX_LOCK } from './outbox.js';

/** An outbox row NATS refused for good (too large, refused by the stream), kept for an operator. */
export interface OutboxDeadLetter {
  /** The event id: what `replayOutboxDeadLetter` takes. */
  id: string;
  type: string;
  bytes: number;
  error: string;
  createdAt: string;
  deadLetteredAt: string;
}

/** Something that runs SQL: a pg Client or Pool. */
export type Queryable = Pick<pg.Client, 'query'>;

/** The dead letters of one service database, oldest first. */
export async function listOutboxDeadLetters(db: Queryable): Promise<OutboxDeadLetter[]> {
  const { rows } = await db.query<{
    id: string;
    type: string;
    bytes: number;
    error: string;
    created_at: Date;
    dead_lettered_at: Date;
  }>(
    `select id, type, octet_length(payload::text) as bytes, error, created_at, dead_lettered_at
     from outbox_dead_letters order by dead_lettered_at, seq`,
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    bytes: Number(row.bytes),
    error: row.error,
    createdAt: row.created_at.toISOString(),
    deadLetteredAt: row.dead_lettered_at.toISOString(),
  }));
}

/**
 * Puts dead letter `id` back at the end of the outbox (after the cause is fixed, e.g. NATS's
 * max_payload raised); the relay publishes it with its own event id, so consumers that somehow had
 * it drop it. Returns false when there is no such dead letter. A row still refused comes back here.
 */
export async function replayOutboxDeadLetter(db: Queryable, id: string): Promise<boolean> {
  await db.query('begin');
  try {
    // As a producer: the relay never reads past a row whose transaction is still open.
    await db.query('select pg_advisory_xact_lock_shared($1)', [OUTBOX_LOCK]);
    const { rowCount } = await db.query(
      `with moved as (delete from outbox_dead_letters where id = $1 returning id, type, payload, created_at)
       insert into outbox (id, type, payload, created_at) select id, type, payload, created_at from moved`,
      [id],
    );
    await db.query('commit');
    return (rowCount ?? 0) > 0;
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

/** Runs `work` with a client on one service database; null when the database does not exist. */
export async function withServiceDatabase<T>(
  serverUrl: string,
  dbName: string,
  work: (db: pg.Client) => Promise<T>,
): Promise<T | null> {
  const client = new pg.Client({ connectionString: `${serverUrl}/${dbName}` });
  try {
    await client.connect();
  } catch (error) {
    // 3D000: invalid_catalog_name (the service never ran here).
    if ((error as { code?: string }).code === '3D000') return null;
    throw error;
  }
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      "select to_regclass('outbox_dead_letters') is not null as exists",
    );
    return rows[0].exists ? await work(client) : null;
  } finally {
    await client.end();
  }
}
