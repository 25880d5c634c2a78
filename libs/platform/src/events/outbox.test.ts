import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { openServiceDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { newId } from '../ids.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { EventBus } from './bus.js';
import { createEvent, type EventEnvelope } from './envelope.js';
import { enqueueEvent, enqueueEvents, maxEventSize, OutboxRelay } from './outbox.js';
import {
  listOutboxDeadLetters,
  replayOutboxDeadLetter,
  withServiceDatabase,
  type Queryable,
} from './outbox-dead-letters.js';
import { handleOnce, pruneProcessedEvents } from './idempotent.js';

const logger = createLogger('outbox-test', 'silent');
const registered = () =>
  createEvent(
    'user.registered',
    { userId: newId(), email: 'b@example.com', fullName: 'Bo' },
    { producer: 'test' },
  );

describe('transactional outbox and idempotent consumer', () => {
  let ns: TestNamespace;
  let orm: MikroORM;
  let em: EntityManager;
  let bus: EventBus;
  let received: EventEnvelope[];

  beforeEach(async () => {
    ns = createTestNamespace('outbox');
    orm = await openServiceDatabase({
      serverUrl: ns.config.DATABASE_URL,
      dbName: `${ns.name}_outbox`,
      entities: [],
      migrations: [],
      logger,
    });
    em = orm.em.fork() as EntityManager;
    await em.execute('create table effects (event_id uuid not null)');
    bus = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'test',
      logger,
    });
    received = [];
    await bus.subscribe('user.registered', 'collect', async (event) => {
      received.push(event);
    });
  });

  afterEach(async () => {
    await bus.close();
    await orm.close();
    await ns.cleanup();
  });

  const relay = () => new OutboxRelay(orm.em as EntityManager, bus, logger, { pollIntervalMs: 50 });

  it('refuses to enqueue outside a transaction', async () => {
    await expect(enqueueEvent(em, registered())).rejects.toThrow(/inside the transaction/);
  });

  it('publishes an event if and only if its transaction committed', async () => {
    const committed = registered();
    const rolledBack = registered();
    await em.transactional((tx) => enqueueEvent(tx, committed));
    await expect(
      em.transactional(async (tx) => {
        await enqueueEvent(tx, rolledBack);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const outboxRelay = relay();
    outboxRelay.start();
    await eventually(async () => received.length === 1);
    await outboxRelay.stop();
    expect(received.map((e) => e.id)).toEqual([committed.id]);
    expect(await outboxRelay.pendingCount()).toBe(0);
  });

  it('publishes rows left behind by a process that died after commit, without duplicates', async () => {
    const event = registered();
    await em.transactional((tx) => enqueueEvent(tx, event));
    // The dead process had already published before it could delete the row.
    await bus.publish(event);
    await eventually(async () => received.length === 1);

    const restarted = relay();
    restarted.start();
    await eventually(async () => (await restarted.pendingCount()) === 0);
    await restarted.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.map((e) => e.id)).toEqual([event.id]);
  });

  const oversized = () =>
    createEvent(
      'user.registered',
      { userId: newId(), email: 'big@example.com', fullName: 'x'.repeat(bus.connection.info!.max_payload) },
      { producer: 'test' },
    );

  it('refuses an event NATS would refuse for its size when it is emitted, rolling the change back', async () => {
    const big = oversized();
    for (const emit of [
      (tx: EntityManager) => enqueueEvent(tx, big),
      (tx: EntityManager) => enqueueEvents(tx, [registered(), big]),
    ]) {
      await expect(
        em.transactional(async (tx) => {
          await tx.execute('insert into effects (event_id) values (?)', [big.id]);
          await emit(tx);
        }),
      ).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', reason: 'EVENT_TOO_LARGE', maxBytes: maxEventSize() },
      });
    }
    const [{ count }] = await em.execute<{ count: string }[]>(
      'select (select count(*) from effects) + (select count(*) from outbox) as count',
    );
    expect(Number(count)).toBe(0);
  });

  it('dead-letters a row NATS refuses for good and publishes the rows behind it; a replay puts it back', async () => {
    // Written before the emit-time check existed (or by a server with a larger max_payload).
    const big = oversized();
    const behind = registered();
    await em.execute('insert into outbox (id, type, payload, created_at) values (?, ?, ?, now())', [
      big.id,
      big.type,
      JSON.stringify(big),
    ]);
    await em.transactional((tx) => enqueueEvent(tx, behind));

    const outboxRelay = relay();
    outboxRelay.start();
    await eventually(async () => received.some((event) => event.id === behind.id));
    await outboxRelay.stop();
    expect(received.map((event) => event.id)).toEqual([behind.id]);
    expect(await outboxRelay.pendingCount()).toBe(0);

    const database = <T>(work: (db: Queryable) => Promise<T>) =>
      withServiceDatabase(ns.config.DATABASE_URL, `${ns.name}_outbox`, work);
    const letters = await database(listOutboxDeadLetters);
    expect(letters).toEqual([
      expect.objectContaining({
        id: big.id,
        type: 'user.registered',
        error: expect.stringMatching(/max_payload/),
      }),
    ]);
    expect(letters![0].bytes).toBeGreaterThan(maxEventSize());

    // Replayed (say, after max_payload was raised): back in the outbox, out of the dead letters.
    expect(await database((db) => replayOutboxDeadLetter(db, big.id))).toBe(true);
    expect(await database((db) => replayOutboxDeadLetter(db, big.id))).toBe(false);
    const pending = await em.execute<{ id: string }[]>('select id from outbox');
    expect(pending.map((row) => row.id)).toEqual([big.id]);
    expect(await database(listOutboxDeadLetters)).toEqual([]);
  });

  it('applies an effect once per event, and not at all when the effect fails', async () => {
    const event = registered();
    const effect = (tx: EntityManager) => tx.execute('insert into effects (event_id) values (?)', [event.id]);

    await expect(
      handleOnce(em, 'projection', event, async (tx) => {
        await effect(tx);
        throw new Error('crash mid-effect');
      }),
    ).rejects.toThrow('crash mid-effect');
    expect(await handleOnce(em, 'projection', event, effect)).toBe(true);
    expect(await handleOnce(em, 'projection', event, effect)).toBe(false);
    // Another consumer keeps its own record.
    expect(await handleOnce(em, 'audit', event, async () => {})).toBe(true);

    const rows = await em.execute<{ count: string }[]>('select count(*) as count from effects');
    expect(Number(rows[0].count)).toBe(1);
  });

  it('forgets processed event ids older than the retention, keeping recent ones', async () => {
    const old = registered();
    const recent = registered();
    await handleOnce(em, 'projection', old, async () => {});
    await handleOnce(em, 'projection', recent, async () => {});
    await em.execute(
      "update processed_events set processed_at = now() - interval '40 days' where event_id = ?",
      [old.id],
    );
    expect(await pruneProcessedEvents(em, 30)).toBe(1);
    const ids = (await em.execute<{ event_id: string }[]>('select event_id from processed_events')).map(
      (r) => r.event_id,
    );
    expect(ids).toEqual([recent.id]);
  });
});
