import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import { openServiceDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { newId } from '../ids.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { OwnNatsServer } from '../testing/nats-server.js';
import { eventuallyConsumed } from '../testing/consumers.js';
import { EventBus, eventStreamName } from './bus.js';
import { createEvent, type EventEnvelope } from './envelope.js';
import { enqueueEvent, OutboxRelay } from './outbox.js';

const OUTAGE_MS = 30_000;

describe('outbox relay through a 30 s NATS outage', () => {
  let ns: TestNamespace;
  let directory: string;
  let nats: OwnNatsServer;
  let orm: MikroORM;
  let bus: EventBus;
  let relay: OutboxRelay;
  const failedPasses: string[] = [];

  beforeAll(async () => {
    ns = createTestNamespace('outage');
    directory = await mkdtemp(join(tmpdir(), 'hiregraph-nats-'));
    nats = new OwnNatsServer(directory);
    await nats.start();
    const silent = createLogger('outage-test', 'silent');
    orm = await openServiceDatabase({
      serverUrl: ns.config.DATABASE_URL,
      dbName: `${ns.name}_outage`,
      entities: [],
      migrations: [],
      logger: silent,
    });
    bus = await EventBus.connect({ servers: nats.url, namespace: ns.name, service: 'test', logger: silent });
    // Counts the relay's failed passes, to see that it backs off instead of retrying flat out.
    const relayLog = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (chunk.toString().includes('outbox relay pass failed')) failedPasses.push(chunk.toString());
          done();
        },
      }),
    );
    relay = new OutboxRelay(orm.em as EntityManager, bus, relayLog, {
      pollIntervalMs: 100,
      publishTimeoutMs: 500,
      retryBaseDelayMs: 200,
      maxRetryDelayMs: 3_000,
    });
    relay.start();
  }, 30_000);

  afterAll(async () => {
    await relay?.stop().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await orm?.close();
    await nats?.stop();
    await rm(directory, { recursive: true, force: true });
    await ns.cleanup();
  });

  it('delivers events enqueued during the outage afterwards, in order, once each', async () => {
    const received: EventEnvelope[] = [];
    await bus.subscribe('user.registered', 'collect', async (event) => {
      received.push(event);
    });
    const users = [newId(), newId(), newId()];
    const enqueued: string[] = [];
    const enqueue = async (n: number) => {
      const event = createEvent(
        'user.registered',
        { userId: users[n % users.length], email: `u${n}@example.com`, fullName: `User ${n}` },
        { producer: 'test' },
      );
      await orm.em.fork().transactional((tx) => enqueueEvent(tx as EntityManager, event));
      enqueued.push(event.id);
      void relay.wake();
    };

    for (let n = 0; n < 3; n++) await enqueue(n);
    await eventually(async () => received.length === 3);
    // Acks are sent after the handler returns: stopping the server before they arrive would make it
    // redeliver those three afterwards (at-least-once), which is not what this test is about.
    await eventuallyConsumed(bus.connection, ns.name, 'test_collect', 3);

    await nats.stop();
    const outageEnds = Date.now() + OUTAGE_MS;
    let n = 3;
    let locksFree = 0;
    while (Date.now() < outageEnds) {
      await enqueue(n++);
      // The relay holds no row locks while it waits for JetStream.
      await orm.em
        .fork()
        .transactional((tx) => tx.execute('select id from outbox for update nowait'))
        .then(() => (locksFree += 1));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await relay.pendingCount()).toBe(n - 3);
    await nats.start();

    await eventually(async () => received.length >= n && (await relay.pendingCount()) === 0, 30_000);
    expect(received.map((event) => event.id)).toEqual(enqueued);
    const jsm = await jetstreamManager(bus.connection);
    expect((await jsm.streams.info(eventStreamName(ns.name))).state.messages).toBe(n);
    expect(locksFree).toBeGreaterThan(0);
    // Flat-out retries would fail a pass every publish timeout (60 in 30 s); backoff caps at 3 s.
    expect(failedPasses.length).toBeGreaterThan(3);
    expect(failedPasses.length).toBeLessThan(25);
  }, 90_000);
});
