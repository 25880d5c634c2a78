/**
 * A `pg`-client view (`$n` placeholders, `{ rows }` result) of a MikroORM EntityManager or
 * transaction, whose `execute` takes `?` placeholders: lets SQL written for a pg client (e.g. a
 * bulk upsert with computed `$n` parameters) run inside the caller's ORM transaction.
 */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/** Anything with MikroORM's `execute(sql, params)`: an EntityManager or a transaction's. */
export interface SqlExecutor {
  execute(sql: string, params?: unknown[]): Promise<any>;
}

export function pgQueryableOf(em: SqlExecutor): PgQueryable {
  return {
    query: (text, values) => em.execute(text.replace(/\$\d+/g, '?'), values ?? []).then((rows) => ({ rows })),
  };
}
