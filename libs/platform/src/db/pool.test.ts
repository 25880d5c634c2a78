import pg from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../logger.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { startTcpOutageProxy, type TcpOutageProxy } from '../testing/outages.js';
import { openServiceDatabase } from './database.js';

/**
 * Connections that PostgreSQL drops while they are in use (server restart, network cut) must leave
 * the pool: a pool of one connection keeps answering after each kind of drop, and closes at once.
 */
describe('a pooled connection dropped while in use', () => {
  let ns: TestNamespace;
  let orm: MikroORM;
  let network: TcpOutageProxy;
  let dbName: string;
  const em = () => orm.em.fork() as EntityManager;
  // The backend ends its own session: what the client sees when the server goes away mid-request.
  const DROP = 'select pg_terminate_backend(pg_backend_pid())';
  const answers = async () => (await em().execute<{ ok: number }[]>('select 1 as ok'))[0].ok;

  beforeAll(async () => {
    ns = createTestNamespace('pool');
    // The pool reaches PostgreSQL through a relay the test can cut, as a network failure would.
    const server = new URL(ns.config.DATABASE_URL);
    network = await startTcpOutageProxy({ host: server.hostname, port: Number(server.port || 5432) });
    server.host = `127.0.0.1:${network.port}`;
    dbName = `${ns.config.DATABASE_PREFIX}_pool`;
    orm = await openServiceDatabase({
      serverUrl: server.href.replace(/\/$/, ''),
      dbName,
      entities: [],
      migrations: [],
      logger: createLogger('pool-test', 'silent'),
      poolSize: 1,
    });
  });
  afterAll(async () => {
    await orm?.close();
    await network?.close();
    await ns?.cleanup();
  });

  it('is dropped from the pool when the network fails under a query, and the failure is the real one', async () => {
    const sleeping = em().execute('select pg_sleep(30)');
    const settled = sleeping.catch((error: unknown) => error);
    await eventually(async () => {
      const observer = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/postgres` });
      await observer.connect();
      try {
        const { rows } = await observer.query<{ count: string }>(
          "select count(*) as count from pg_stat_activity where datname = $1 and query like 'select pg_sleep%'",
          [dbName],
        );
        return Number(rows[0].count) === 1;
      } finally {
        await observer.end();
      }
    });
    network.cut();
    network.restore();
    // The connection error itself, not pg-pool's "Release called on client which has already been released".
    expect(String(await settled)).toMatch(/ECONNRESET|Connection terminated/);
    expect(await answers()).toBe(1);
  });

  it('is dropped from the pool when its transaction cannot even roll back', async () => {
    await expect(em().transactional((tx) => tx.execute(DROP))).rejects.toThrow(/terminat/i);
    // Without the fix the only slot stays checked out: this waits for the pool's 10 s timeout.
    const started = Date.now();
    expect(await answers()).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('closes at once after such drops (bounded shutdown)', async () => {
    await expect(em().transactional((tx) => tx.execute(DROP))).rejects.toThrow(/terminat/i);
    const started = Date.now();
    await orm.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
