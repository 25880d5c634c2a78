import { jetstream } from '@nats-io/jetstream';
import { createLogger } from '../logger.js';
import { createTestNamespace, eventually, type TestNamespace } from '../testing/namespace.js';
import { EventBus, deadLetterStreamName } from './bus.js';
import { createEvent, type EventEnvelope } from './envelope.js';
import { newId } from '../ids.js';
import { runWithTrace } from '../trace.js';
import {
  eventsConsumed,
  eventsDeadLettered,
  eventsRedelivered,
  metricsRegistry,
} from '../observability/metrics.js';

const logger = createLogger('bus-test', 'silent');
const registered = () =>
  createEvent(
    'user.registered',
    { userId: newId(), email: 'a@example.com', fullName: 'Ann' },
    { producer: 'test' },
  );

/** A counter's value for exactly these labels (0 before its first increment). */
async function counted(
  counter: typeof eventsConsumed | typeof eventsRedelivered | typeof eventsDeadLettered,
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const match = values.find((value) => {
    const valueLabels = value.labels as Record<string, string | number | undefined>;
    return (
      Object.keys(valueLabels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, label]) => valueLabels[key] === label)
    );
  });
  return match?.value ?? 0;
}

describe('EventBus (JetStream)', () => {
  let ns: TestNamespace;
  let bus: EventBus;

  beforeEach(async () => {
    ns = createTestNamespace('bus');
    bus = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'test',
      logger,
      maxDeliver: 3,
      retryBaseDelayMs: 20,
    });
  });

  afterEach(async () => {
    await bus.close();
    await ns.cleanup();
  });

  it('delivers published events to a durable consumer, dropping a re-publish of the same id', async () => {
    const received: EventEnvelope[] = [];
    await bus.subscribe('user.registered', 'collect', async (event) => {
      received.push(event);
    });
    const event = registered();
    await bus.publish(event);
    await bus.publish(event); // same Nats-Msg-Id: JetStream drops it
    await bus.publish(registered());
    await eventually(async () => received.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((e) => e.id)).toEqual([event.id, expect.any(String)]);
    expect(received[0]).toEqual(event);
  });

  it('runs handlers in the trace of their event, so the events they cause continue it', async () => {
    const caused: EventEnvelope[] = [];
    await bus.subscribe('user.registered', 'tracer', async (event) => {
      caused.push(createEvent('user.deleted', { userId: event.data.userId }, { producer: 'test' }));
    });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = runWithTrace(traceparent, () => registered());
    expect(event.traceparent).toBe(traceparent);
    await bus.publish(event);
    await eventually(async () => caused.length === 1);
    expect(caused[0].traceparent).toBe(traceparent);
  });

  it('redelivers with backoff after a failure and succeeds', async () => {
    const attempts: number[] = [];
    await bus.subscribe('user.registered', 'flaky', async (_event, msg) => {
      attempts.push(msg.info.deliveryCount);
      if (attempts.length < 2) throw new Error('transient');
    });
    const labels = { subject: 'user.registered', consumer: 'test_flaky' };
    const before = {
      redelivered: await counted(eventsRedelivered, labels),
      failed: await counted(eventsConsumed, { ...labels, result: 'error' }),
      ok: await counted(eventsConsumed, { ...labels, result: 'ok' }),
    };
    await bus.publish(registered());
    await eventually(async () => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
    await eventually(async () => (await counted(eventsConsumed, { ...labels, result: 'ok' })) > before.ok);
    expect(await counted(eventsRedelivered, labels)).toBe(before.redelivered + 1);
    expect(await counted(eventsConsumed, { ...labels, result: 'error' })).toBe(before.failed + 1);
    // Lag is sampled from JetStream for the consumers this bus runs, on scrape.
    expect((await bus.pendingByConsumer()).get('test_flaky')).toBe(0);
    expect(await metricsRegistry.getSingleMetricAsString('hiregraph_events_redelivered_total')).toContain(
      'consumer="test_flaky"',
    );
  });

  it('moves an event to the dead-letter stream after maxDeliver failed deliveries', async () => {
    let attempts = 0;
    await bus.subscribe('user.registered', 'broken', async () => {
      attempts += 1;
      throw new Error('always fails');
    });
    const labels = { subject: 'user.registered', consumer: 'test_broken' };
    const deadLettered = await counted(eventsDeadLettered, labels);
    const event = registered();
    await bus.publish(event);
    const js = jetstream(bus.connection);
    const consumerName = 'inspect';
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(bus.connection);
    await eventually(
      async () => (await jsm.streams.info(deadLetterStreamName(ns.name))).state.messages === 1,
    );
    expect(attempts).toBe(3);
    // Counted once JetStream has acknowledged the copy, an instant after it is in the stream.
    await eventually(async () => (await counted(eventsDeadLettered, labels)) === deadLettered + 1);
    await jsm.consumers.add(deadLetterStreamName(ns.name), { durable_name: consumerName });
    const consumer = await js.consumers.get(deadLetterStreamName(ns.name), consumerName);
    const msg = await consumer.next({ expires: 2000 });
    expect(msg?.json<EventEnvelope>().id).toBe(event.id);
    expect(msg?.headers?.get('Hiregraph-Error')).toBe('always fails');
    expect(msg?.headers?.get('Hiregraph-Deliveries')).toBe('3');
  });

  it('dead-letters a message that is not a valid event at once', async () => {
    let calls = 0;
    await bus.subscribe('user.registered', 'strict', async () => {
      calls += 1;
    });
    const js = jetstream(bus.connection);
    await js.publish(`${ns.name}.events.user.registered`, '{"not":"an event"}');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(bus.connection);
    await eventually(
      async () => (await jsm.streams.info(deadLetterStreamName(ns.name))).state.messages === 1,
    );
    expect(calls).toBe(0);
  });

  it('keeps events for the retention period', async () => {
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(bus.connection);
    const info = await jsm.streams.info(`${ns.name}_events`);
    expect(info.config.max_age).toBe(30 * 86_400_000 * 1_000_000);
    expect(info.config.duplicate_window).toBe(3_600_000 * 1_000_000);
  });

  it('backs off exponentially up to the cap, and no further, between real redeliveries', async () => {
    // base 20 ms, cap 100 ms: 20, 40, 80, then the cap (160 and 320 uncapped) for every later attempt.
    const capped = await EventBus.connect({
      servers: ns.config.NATS_URL,
      namespace: ns.name,
      service: 'capped',
      logger,
      maxDeliver: 6,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
    });
    try {
      expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => capped.retryDelay(attempt))).toEqual([
        20, 40, 80, 100, 100, 100, 100,
      ]);
      // The delay each failed delivery is actually handed back to JetStream with, and when each came.
      const delays: number[] = [];
      const deliveredAt: number[] = [];
      await capped.subscribe('user.registered', 'always_failing', async (_event, msg) => {
        deliveredAt.push(Date.now());
        const nak = msg.nak.bind(msg);
        msg.nak = (delay?: number) => {
          delays.push(delay ?? 0);
          nak(delay);
        };
        throw new Error('always fails');
      });
      await capped.publish(registered());
      await eventually(async () => deliveredAt.length === 6 && delays.length === 5);
      expect(delays).toEqual([20, 40, 80, 100, 100]);
      // JetStream honoured each delay: no redelivery came before its backoff was over.
      deliveredAt
        .slice(1)
        .forEach((at, index) => expect(at - deliveredAt[index]).toBeGreaterThanOrEqual(delays[index]));
    } finally {
      await capped.close();
    }
  });
});
