import type { EventEmitter } from 'node:events';

/** The parts of a `pg` pool client used here (MikroORM brings its own copy of `pg`). */
interface PooledClient extends EventEmitter {
  release?: (error?: Error | boolean) => void;
}

/**
 * kysely 0.29 (under MikroORM) releases a transaction's pooled connection only after BEGIN, COMMIT
 * or ROLLBACK succeeds (kysely-org/kysely#1990). When PostgreSQL goes away mid-transaction the
 * ROLLBACK fails too, so each broken transaction kept its pool slot for ever: after an outage the
 * pool ran dry (every request waiting) and `orm.close()` (pool.end) waited for ever on shutdown.
 *
 * Here a checked-out client whose connection ends is released with an error, so the pool drops it;
 * and `release` is made idempotent, so its holder releasing it afterwards (the normal path of a
 * single query) is a no-op instead of pg-pool's "Release called on client which has already been
 * released" error masking the real one.
 */
export function releaseBrokenConnections(pool: EventEmitter): void {
  const checkedOut = new WeakSet<PooledClient>();
  pool.on('connect', (client: PooledClient) => {
    let release: PooledClient['release'];
    // pg-pool assigns a fresh `release` at every checkout, right after emitting 'acquire'.
    Object.defineProperty(client, 'release', {
      configurable: true,
      get: () => release,
      set: (poolRelease: NonNullable<PooledClient['release']>) => {
        let released = false;
        release = (error) => {
          if (released) return;
          released = true;
          poolRelease(error);
        };
      },
    });
    client.on('end', () => {
      if (checkedOut.has(client)) client.release?.(new Error('PostgreSQL connection ended while in use'));
    });
  });
  pool.on('acquire', (client: PooledClient) => checkedOut.add(client));
  pool.on('release', (_error: unknown, client: PooledClient) => checkedOut.delete(client));
}
