import {
  connect,
  headers as natsHeaders,
  nanos,
  type MsgHdrs,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamInfo,
} from '@nats-io/jetstream';
import type { Logger } from '../logger.js';
import { parseEvent, type EventEnvelope } from './envelope.js';
import type { EventType } from './catalog.js';
import { newTraceparent, runWithTrace, traceIdOf } from '../trace.js';
import {
  eventsConsumed,
  eventsDeadLettered,
  eventsPublished,
  eventsRedelivered,
} from '../observability/metrics.js';
import { inConsumerSpan } from '../observability/trace-context.js';

export interface EventBusOptions {
  /** One server or a cluster's (see natsServers in nats-cluster.ts). */
  servers: string | string[];
  /** Servers each stream is kept on (NATS_REPLICAS); durable consumers inherit it. */
  replicas?: number;
  /** Prefix of stream names and subjects (EVENT_NAMESPACE). */
  namespace: string;
  /** Name of the service using the bus; durable consumer names start with it. */
  service: string;
  logger: Logger;
  /** Deliveries of one message before it goes to the dead-letter stream. */
  maxDeliver?: number;
  /** How long the streams keep messages, in days (stream max_age, set when a stream is created). */
  retentionDays?: number;
  /** Base of the exponential redelivery backoff, in milliseconds. */
  retryBaseDelayMs?: number;
  /** Cap of the redelivery backoff, in milliseconds. */
  retryMaxDelayMs?: number;
  /** How long a delivery may go without an ack or a `working()` signal before JetStream redelivers. */
  ackWaitMs?: number;
}

export type EventHandler<Type extends EventType> = (event: EventEnvelope<Type>, msg: JsMsg) => Promise<void>;

/** Stream that keeps every domain event, and subject naming inside it. */
export function eventStreamName(namespace: string): string {
  return `${namespace}_events`;
}
export function deadLetterStreamName(namespace: string): string {
  return `${namespace}_dead_letters`;
}
/** Work queue of JetStream's max-deliveries advisories for the event stream's consumers. */
export function deliveryAdvisoryStreamName(namespace: string): string {
  return `${namespace}_delivery_advisories`;
}
export function deadLetterSubject(namespace: string, consumer: string): string {
  return `${namespace}.dead.${consumer}`;
}
export function eventSubject(namespace: string, type: string): string {
  return `${namespace}.events.${type}`;
}

/** How long JetStream remembers a Nats-Msg-Id, so a re-published outbox row is dropped as a duplicate. */
const DUPLICATE_WINDOW_MS = 60 * 60 * 1000;
/**
 * Pulls of a consumer loop: a pull waits at most `expires` for messages and the server sends an
 * idle heartbeat every `idle_heartbeat` meanwhile. When the server holding the consumer's leader
 * dies (a NATS cluster failover) the pull is lost without a word; the client notices after two
 * missed heartbeats and pulls again from the new leader. With nats.js's defaults (30 s pulls, 15 s
 * heartbeats) that took up to 30 s more than the election; 2 s heartbeats make it about 4 s.
 */
const PULL = { expires: 10_000, idle_heartbeat: 2_000 };
/** Durable consumer of the advisory stream shared by every service: whichever is up dead-letters. */
const DEAD_LETTERER = 'dead_letterer';

/** Stream settings `ensureStream` applies when it creates a stream. */
export interface StreamSettings {
  subjects: string[];
  max_age: number;
  max_bytes?: number;
  discard?: DiscardPolicy;
  retention?: RetentionPolicy;
  /** How long a Nats-Msg-Id is remembered (default one hour); at most `max_age`. */
  duplicate_window?: number;
  /** Servers the stream is kept on (default 1; when given, an existing stream is moved to it). */
  num_replicas?: number;
}

/**
 * Creates stream `name` when missing (idempotent, safe from every service at once); an existing
 * stream is returned as it is, except that it is moved to `num_replicas` when that differs (a
 * deployment scaled from one NATS server to a cluster keeps its streams).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  config: StreamSettings,
): Promise<StreamInfo> {
  try {
    const info = await jsm.streams.info(name);
    const replicas = config.num_replicas;
    if (replicas === undefined || (info.config.num_replicas || 1) === replicas) return info;
    return await jsm.streams.update(name, { num_replicas: replicas });
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.status !== 404) throw error;
    try {
      return await jsm.streams.add({ name, duplicate_window: nanos(DUPLICATE_WINDOW_MS), ...config });
    } catch (addError) {
      // Another service created it between our info and add.
      if (!(addError instanceof JetStreamApiError) || addError.status !== 400) throw addError;
      return jsm.streams.info(name);
    }
  }
}

/** Headers of a dead letter, and of an event replayed from one (see dead-letters.ts). */
export const DeadLetterHeaders = {
  consumer: 'Hiregraph-Consumer',
  originalSubject: 'Hiregraph-Original-Subject',
  originalSequence: 'Hiregraph-Original-Sequence',
  error: 'Hiregraph-Error',
  deliveries: 'Hiregraph-Deliveries',
  /** On a replayed event: the only consumer that handles it; every other consumer acks it unread. */
  replayFor: 'Hiregraph-Replay-For',
} as const;

/** Body of `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>` (NATS 2.9). */
interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/**
 * The JetStream event bus: provisions the streams, publishes envelopes with Nats-Msg-Id set to the
 * event id (dedupe), and runs durable pull consumers with explicit ack, exponential redelivery and
 * a dead-letter stream after `maxDeliver` failed deliveries.
 *
 * Dead-lettering is certain: a handler that fails its last delivery copies the message itself; when
 * that cannot happen (the process crashed, the ack wait ran out, the copy failed) JetStream gives up
 * on the message and publishes a max-deliveries advisory, which a stream keeps until a service copies
 * the message (fetched by its stream sequence) into the dead letters. Both paths use the Nats-Msg-Id
 * `<consumer>:<seq>`, so a message is dead-lettered once.
 */
export class EventBus {
  private readonly consumers = new Set<ConsumerMessages>();
  private readonly loops = new Set<Promise<void>>();
  /** Durable consumers this bus subscribed, whose lag /metrics samples. */
  private readonly durables = new Set<string>();

  private constructor(
    readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: Required<EventBusOptions>,
  ) {}

  static async connect(options: EventBusOptions): Promise<EventBus> {
    // Reconnect forever: after nats.js's default 10 attempts the connection would close for good,
    // silently stopping the outbox relay and every consumer until a restart.
    const connection = await connect({
      servers: options.servers,
      name: options.service,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    const jsm = await jetstreamManager(connection);
    const bus = new EventBus(connection, jetstream(connection), jsm, {
      maxDeliver: 20,
      replicas: 1,
      retentionDays: 30,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 60_000,
      ackWaitMs: 30_000,
      ...options,
    });
    await bus.provision();
    return bus;
  }

  get namespace(): string {
    return this.options.namespace;
  }

  /**
   * Creates the streams when missing (idempotent, safe from every service). Events are kept for the
   * retention period; dead letters until an operator replays or deletes them, so a dead-letter stream
   * made by an older version with a max age is updated to keep them.
   */
  async provision(): Promise<void> {
    const { namespace, retentionDays, replicas } = this.options;
    const events = eventStreamName(namespace);
    await ensureStream(this.jsm, events, {
      subjects: [`${namespace}.events.>`],
      max_age: nanos(retentionDays * 86_400_000),
      num_replicas: replicas,
    });
    const deadLetters = await ensureStream(this.jsm, deadLetterStreamName(namespace), {
      subjects: [`${namespace}.dead.>`],
      max_age: 0,
      num_replicas: replicas,
    });
    if (deadLetters.config.max_age !== 0) {
      await this.jsm.streams.update(deadLetterStreamName(namespace), { max_age: 0 });
    }
    await ensureStream(this.jsm, deliveryAdvisoryStreamName(namespace), {
      subjects: [`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${events}.>`],
      retention: RetentionPolicy.Workqueue,
      max_age: nanos(retentionDays * 86_400_000),
      num_replicas: replicas,
    });
  }

  /**
   * Publishes `event` with its id as Nats-Msg-Id. `timeoutMs` bounds the wait for JetStream's ack
   * (the outbox relay keeps it short so an outage fails fast instead of stalling the relay).
   */
  async publish(event: EventEnvelope, options: { timeoutMs?: number } = {}): Promise<void> {
    const headers = natsHeaders();
    if (event.traceparent) headers.set('traceparent', event.traceparent);
    headers.set('Hiregraph-Event-Type', event.type);
    await this.js.publish(eventSubject(this.options.namespace, event.type), JSON.stringify(event), {
      msgID: event.id,
      headers,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
    eventsPublished.inc({ subject: event.type });
  }

  /**
   * Runs `handler` for every `type` event through the durable consumer `${service}_${name}`.
   * A handler that throws gets the message again after a backoff; after `maxDeliver` attempts the
   * message is copied to the dead-letter stream and terminated. Returns when the consumer is ready.
   */
  async subscribe<Type extends EventType>(
    type: Type,
    name: string,
    handler: EventHandler<Type>,
  ): Promise<void> {
    const { namespace, service, maxDeliver } = this.options;
    const stream = eventStreamName(namespace);
    const durable = `${service}_${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    await this.jsm.consumers.add(stream, {
      durable_name: durable,
      filter_subject: eventSubject(namespace, type),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.options.ackWaitMs),
      max_deliver: maxDeliver,
    });
    await this.startDeadLetterer();
    this.durables.add(durable);
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 32, ...PULL });
    this.consumers.add(messages);
    const loop = (async () => {
      for await (const msg of messages) {
        try {
          await this.handle(durable, msg, handler as EventHandler<EventType>);
        } catch (error) {
          // Only reached when dead-lettering itself failed: leave the message for redelivery.
          this.options.logger.error({ err: error, consumer: durable, seq: msg.seq }, 'event handling failed');
          msg.nak(this.retryDelay(msg.info.deliveryCount));
        }
      }
    })().catch((error) =>
      this.options.logger.error({ err: error, consumer: durable }, 'consumer loop failed'),
    );
    this.loops.add(loop);
  }

  private async handle(durable: string, msg: JsMsg, handler: EventHandler<EventType>): Promise<void> {
    const logger = this.options.logger.child({ consumer: durable, seq: msg.seq });
    const replayFor = msg.headers?.get(DeadLetterHeaders.replayFor);
    if (replayFor && replayFor !== durable) {
      // A dead letter replayed for another consumer: this one already handled the event.
      msg.ack();
      return;
    }
    const subject = subjectLabel(this.options.namespace, msg.subject);
    if (msg.info.deliveryCount > 1) eventsRedelivered.inc({ subject, consumer: durable });
    let event: EventEnvelope;
    try {
      event = parseEvent(msg.string());
    } catch (error) {
      // A message that can never be handled goes straight to the dead letters.
      await this.deadLetter(durable, msg, error);
      return;
    }
    // A slow handler keeps the message: without this JetStream would redeliver it after the ack
    // wait while the first attempt still runs.
    const keepWorking = setInterval(
      () => {
        try {
          msg.working();
        } catch {
          // Connection lost: the delivery cannot be kept; JetStream redelivers it.
        }
      },
      Math.max(100, this.options.ackWaitMs / 3),
    );
    try {
      // Events the handler causes continue the trace of the event that caused them.
      await inConsumerSpan(
        `${event.type} process`,
        event.traceparent,
        {
          'messaging.system': 'nats',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': durable,
        },
        (traceparent) => runWithTrace(traceparent ?? newTraceparent(), () => handler(event, msg)),
      );
      clearInterval(keepWorking);
      msg.ack();
      eventsConsumed.inc({ subject, consumer: durable, result: 'ok' });
    } catch (error) {
      clearInterval(keepWorking);
      eventsConsumed.inc({ subject, consumer: durable, result: 'error' });
      const attempt = msg.info.deliveryCount;
      const traceId = event.traceparent ? traceIdOf(event.traceparent) : undefined;
      if (attempt >= this.options.maxDeliver) {
        logger.error({ err: error, eventId: event.id, traceId, attempt }, 'event dead-lettered');
        await this.deadLetter(durable, msg, error);
      } else {
        const delay = this.retryDelay(attempt);
        logger.warn(
          { err: error, eventId: event.id, traceId, attempt, retryInMs: delay },
          'event handler failed',
        );
        msg.nak(delay);
      }
    }
  }

  /** Exponential backoff: base, 2×base, 4×base … capped. */
  retryDelay(attempt: number): number {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options;
    return Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  }

  /**
   * Copies `msg` to the dead letters, then terminates it. When the copy fails this throws and the
   * caller naks: JetStream then gives up on the message and its advisory dead-letters it.
   */
  private async deadLetter(durable: string, msg: JsMsg, error: unknown): Promise<void> {
    await this.publishDeadLetter({
      consumer: durable,
      subject: msg.subject,
      seq: msg.seq,
      data: msg.data,
      headers: msg.headers,
      deliveries: msg.info.deliveryCount,
      error,
    });
    msg.term('dead-lettered');
  }

  private async publishDeadLetter(letter: {
    consumer: string;
    subject: string;
    seq: number;
    data: Uint8Array;
    headers: MsgHdrs | undefined;
    deliveries: number;
    error: unknown;
  }): Promise<void> {
    const headers = natsHeaders();
    // Kept so a replay carries the event's trace and type like the original.
    for (const name of ['traceparent', 'Hiregraph-Event-Type']) {
      const value = letter.headers?.get(name);
      if (value) headers.set(name, value);
    }
    headers.set(DeadLetterHeaders.consumer, letter.consumer);
    headers.set(DeadLetterHeaders.originalSubject, letter.subject);
    headers.set(DeadLetterHeaders.originalSequence, String(letter.seq));
    // Header values are single-line; zod messages are not.
    const reason = String(letter.error instanceof Error ? letter.error.message : letter.error).replace(
      /\s+/g,
      ' ',
    );
    headers.set(DeadLetterHeaders.error, reason.slice(0, 512));
    headers.set(DeadLetterHeaders.deliveries, String(letter.deliveries));
    await this.js.publish(deadLetterSubject(this.options.namespace, letter.consumer), letter.data, {
      headers,
      msgID: `${letter.consumer}:${letter.seq}`,
    });
    eventsDeadLettered.inc({
      subject: subjectLabel(this.options.namespace, letter.subject),
      consumer: letter.consumer,
    });
  }

  private deadLettererStarted = false;

  /**
   * Consumes the max-deliveries advisories: for each, copies the event (by stream sequence) into the
   * dead letters. A copy that fails is retried; the advisory stays in its stream until it succeeds.
   */
  private async startDeadLetterer(): Promise<void> {
    if (this.deadLettererStarted) return;
    this.deadLettererStarted = true;
    const { namespace, logger } = this.options;
    const advisories = deliveryAdvisoryStreamName(namespace);
    await this.jsm.consumers.add(advisories, {
      durable_name: DEAD_LETTERER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
    });
    const consumer = await this.js.consumers.get(advisories, DEAD_LETTERER);
    const messages = await consumer.consume({ max_messages: 16, ...PULL });
    this.consumers.add(messages);
    const loop = (async () => {
      for await (const msg of messages) {
        try {
          await this.deadLetterFromAdvisory(msg.json<MaxDeliveriesAdvisory>());
          msg.ack();
        } catch (error) {
          logger.error(
            { err: error, advisorySeq: msg.seq },
            'dead-lettering from advisory failed; will retry',
          );
          msg.nak(this.retryDelay(msg.info.deliveryCount));
        }
      }
    })().catch((error) => logger.error({ err: error }, 'dead-letter loop failed'));
    this.loops.add(loop);
  }

  private async deadLetterFromAdvisory(advisory: MaxDeliveriesAdvisory): Promise<void> {
    const original = await this.jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
    if (!original) {
      // Past the event retention (or deleted by an operator): nothing is left to keep.
      this.options.logger.error({ advisory }, 'dead-lettered event no longer in the stream');
      return;
    }
    this.options.logger.error(
      { consumer: advisory.consumer, seq: advisory.stream_seq, deliveries: advisory.deliveries },
      'event dead-lettered after its last delivery was not acknowledged',
    );
    await this.publishDeadLetter({
      consumer: advisory.consumer,
      subject: original.subject,
      seq: advisory.stream_seq,
      data: original.data,
      headers: original.header,
      deliveries: advisory.deliveries,
      error: 'no acknowledgement of the last delivery (ack timeout, crash or failed dead-letter copy)',
    });
  }

  /** Stops pulling; handlers already running finish. */
  async stopConsumers(): Promise<void> {
    for (const messages of this.consumers) messages.stop();
    await Promise.allSettled([...this.loops]);
    this.consumers.clear();
    this.loops.clear();
  }

  /** Stops consumers and drains the connection. */
  async close(): Promise<void> {
    await this.stopConsumers();
    if (!this.connection.isClosed()) await this.connection.drain();
  }

  /** Messages each of this bus's durable consumers has yet to be delivered (consumer lag). */
  async pendingByConsumer(): Promise<Map<string, number>> {
    const stream = eventStreamName(this.options.namespace);
    const pending = new Map<string, number>();
    for (const durable of this.durables) {
      pending.set(durable, (await this.jsm.consumers.info(stream, durable)).num_pending);
    }
    return pending;
  }

  /** Round trip to the server; used by readiness checks. */
  async ping(): Promise<void> {
    await this.connection.flush();
  }
}

/** An event subject as a metric label: the event type, without the namespace (one per test run). */
function subjectLabel(namespace: string, subject: string): string {
  const prefix = `${namespace}.events.`;
  return subject.startsWith(prefix) ? subject.slice(prefix.length) : 'other';
}
