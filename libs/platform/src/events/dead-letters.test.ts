import { nanos } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { createLogger } from '../logger.js';
import { newId } from '../ids.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { EventBus, deadLetterStreamName, type EventBusOptions } from './bus.js';
import { createEvent, type EventEnvelope } from './envelope.js';
import { DeadLetterNotFoundError, listDeadLetters, replayDeadLetter } from './dead-letters.js';

const logger = createLogger('dead-letters-test', 'silent');
const registered = () =>
  createEvent(
    'user.registered',
    { userId: newId(), email: 'd@example.com', fullName: 'Dee' },
    { producer: 'test' },
  );

describe('dead letters', () => {
  let ns: TestNamespace;
  let jsm: JetStreamManager;
  const buses: EventBus[] = [];

  const connectBus = async (options: Partial<EventBusOptions> = {}) => {
    const bus = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'test',
      logger,
      maxDeliver: 2,
      retryBaseDelayMs: 20,
      ...options,
    });
    buses.push(bus);
    return bus;
  };
  const deadLetterCount = async () => (await jsm.streams.info(deadLetterStreamName(ns.name))).state.messages;

  beforeEach(async () => {
    ns = createTestNamespace('deadletters');
    const bus = await connectBus();
    jsm = await jetstreamManager(bus.connection);
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close().catch(() => undefined);
    await ns.cleanup();
  });

  it('keeps dead letters without a max age, also in a stream an older version created with one', async () => {
    expect((await jsm.streams.info(deadLetterStreamName(ns.name))).config.max_age).toBe(0);
    expect((await jsm.streams.info(`${ns.name}_events`)).config.max_age).toBe(30 * 86_400_000 * 1_000_000);

    await jsm.streams.update(deadLetterStreamName(ns.name), { max_age: nanos(30 * 86_400_000) });
    await connectBus();
    expect((await jsm.streams.info(deadLetterStreamName(ns.name))).config.max_age).toBe(0);
  });

  it('dead-letters a message whose last delivery was never acknowledged (the service crashed)', async () => {
    const crashing = await connectBus({ maxDeliver: 1, ackWaitMs: 1_000 });
    let crashed = 0;
    await crashing.subscribe('user.registered', 'fragile', async () => {
      crashed += 1;
      // The process dies mid-handler: no ack, no nak, no dead letter from this side.
      await crashing.connection.close();
      throw new Error('unreachable');
    });
    const event = registered();
    await buses[0].publish(event);
    await eventually(async () => crashed === 1);

    // The service restarts: the consumer is pulled again, JetStream finds the delivery limit reached.
    const restarted = await connectBus({ maxDeliver: 1, ackWaitMs: 1_000 });
    let handledAfterRestart = 0;
    await restarted.subscribe('user.registered', 'fragile', async () => {
      handledAfterRestart += 1;
    });
    await eventually(async () => (await deadLetterCount()) === 1, 15_000);
    const [letter] = await listDeadLetters(restarted.connection, ns.name);
    expect(letter).toMatchObject({
      consumer: 'test_fragile',
      eventId: event.id,
      eventType: 'user.registered',
      originalSubject: `${ns.name}.events.user.registered`,
      deliveries: 1,
    });
    expect(letter.error).toMatch(/no acknowledgement/);
    expect(handledAfterRestart).toBe(0);
  });

  it('does not lose a message whose dead-letter copy failed: it is copied once the stream is back', async () => {
    const bus = buses[0];
    let attempts = 0;
    await bus.subscribe('user.registered', 'unlucky', async () => {
      attempts += 1;
      if (attempts === 2) await jsm.streams.delete(deadLetterStreamName(ns.name));
      throw new Error('always fails');
    });
    const event = registered();
    await bus.publish(event);
    await eventually(async () => attempts === 2);
    // Let the failed copies happen, then bring the dead-letter stream back.
    await eventually(async () => {
      const advisories = await jsm.consumers.info(`${ns.name}_delivery_advisories`, 'dead_letterer');
      return advisories.num_redelivered > 0 || advisories.delivered.stream_seq > 0;
    });
    await bus.provision();
    await eventually(async () => (await deadLetterCount()) === 1, 15_000);
    const letters = await listDeadLetters(bus.connection, ns.name);
    expect(letters.map((letter) => [letter.consumer, letter.eventId])).toEqual([['test_unlucky', event.id]]);
  });

  it('keeps each working handler alive past the ack wait instead of redelivering it', async () => {
    const bus = await connectBus({ ackWaitMs: 600 });
    const deliveries: number[] = [];
    await bus.subscribe('user.registered', 'slow', async (_event, msg) => {
      deliveries.push(msg.info.deliveryCount);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    });
    const event = registered();
    await bus.publish(event);
    await eventually(async () => {
      const info = await jsm.consumers.info(`${ns.name}_events`, 'test_slow');
      return info.ack_floor.stream_seq >= 1;
    });
    expect(deliveries).toEqual([1]);
    expect(await deadLetterCount()).toBe(0);
  });

  it('replays a dead letter to the consumer that gave up only, then removes it', async () => {
    const bus = buses[0];
    let failing = true;
    const handledByA: EventEnvelope[] = [];
    const handledByB: EventEnvelope[] = [];
    await bus.subscribe('user.registered', 'a', async (event) => {
      if (failing) throw new Error('dependency down');
      handledByA.push(event);
    });
    await bus.subscribe('user.registered', 'b', async (event) => {
      handledByB.push(event);
    });
    const event = registered();
    await bus.publish(event);
    await eventually(async () => (await deadLetterCount()) === 1);
    const [letter] = await listDeadLetters(bus.connection, ns.name);
    expect(letter).toMatchObject({ consumer: 'test_a', eventId: event.id, deliveries: 2 });
    expect(letter.error).toBe('dependency down');

    failing = false;
    await replayDeadLetter(bus.connection, ns.name, letter.seq);
    await eventually(async () => handledByA.length === 1);
    expect(handledByA[0]).toEqual(event);
    // b has seen the replay (its ack floor reached the last event) without handling it again.
    const lastSeq = (await jsm.streams.info(`${ns.name}_events`)).state.last_seq;
    expect(lastSeq).toBe(2);
    await eventually(
      async () => (await jsm.consumers.info(`${ns.name}_events`, 'test_b')).ack_floor.stream_seq === lastSeq,
    );
    expect(handledByB.map((e) => e.id)).toEqual([event.id]);
    expect(await listDeadLetters(bus.connection, ns.name)).toEqual([]);
    await expect(replayDeadLetter(bus.connection, ns.name, letter.seq)).rejects.toBeInstanceOf(
      DeadLetterNotFoundError,
    );
  });
});
