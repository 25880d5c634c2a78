import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { openServiceDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { newId } from '../ids.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { EventBus } from './bus.js';
import { createEvent, type EventEnvelope } from './envelope.js';
import { enqueueEvent, OutboxRelay } from './outbox.js';
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
