import { connect, headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from '../logger.js';
import { parseEvent, type EventEnvelope } from './envelope.js';
import type { EventType } from './catalog.js';
import { newTraceparent, runWithTrace } from '../trace.js';

export interface EventBusOptions {
  servers: string;
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
}

export type EventHandler<Type extends EventType> = (event: EventEnvelope<Type>, msg: JsMsg) => Promise<void>;

/** Stream that keeps every domain event, and subject naming inside it. */
export function eventStreamName(namespace: string): string {
  return `${namespace}_events`;
}
export function deadLetterStreamName(namespace: string): string {
  return `${namespace}_dead_letters`;
}
export function eventSubject(namespace: string, type: string): string {
  return `${namespace}.events.${type}`;
}

/** How long JetStream remembers a Nats-Msg-Id, so a re-published outbox row is dropped as a duplicate. */
const DUPLICATE_WINDOW_MS = 60 * 60 * 1000;
/** How long a handler may work on one message before JetStream redelivers it. */
const ACK_WAIT_MS = 30_000;

/**
 * The JetStream event bus: provisions the streams, publishes envelopes with Nats-Msg-Id set to the
 * event id (dedupe), and runs durable pull consumers with explicit ack, exponential redelivery and
 * a dead-letter stream after `maxDeliver` failed deliveries.
 */
export class EventBus {
  private readonly consumers = new Set<ConsumerMessages>();
  private readonly loops = new Set<Promise<void>>();

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
      retentionDays: 30,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 60_000,
      ...options,
    });
    await bus.provision();
    return bus;
  }

  get namespace(): string {
    return this.options.namespace;
  }

  /** Creates the event and dead-letter streams when missing (idempotent, safe from every service). */
  async provision(): Promise<void> {
    const { namespace } = this.options;
    await this.ensureStream(eventStreamName(namespace), [`${namespace}.events.>`]);
    await this.ensureStream(deadLetterStreamName(namespace), [`${namespace}.dead.>`]);
  }

  private async ensureStream(name: string, subjects: string[]): Promise<void> {
    try {
      await this.jsm.streams.info(name);
    } catch (error) {
      if (!(error instanceof JetStreamApiError) || error.status !== 404) throw error;
      try {
        await this.jsm.streams.add({
          name,
          subjects,
          duplicate_window: nanos(DUPLICATE_WINDOW_MS),
          max_age: nanos(this.options.retentionDays * 86_400_000),
        });
      } catch (addError) {
        // Another service created it between our info and add.
        if (!(addError instanceof JetStreamApiError) || addError.status !== 400) throw addError;
      }
    }
  }

  async publish(event: EventEnvelope): Promise<void> {
    const headers = natsHeaders();
    if (event.traceparent) headers.set('traceparent', event.traceparent);
    headers.set('Hiregraph-Event-Type', event.type);
    await this.js.publish(eventSubject(this.options.namespace, event.type), JSON.stringify(event), {
      msgID: event.id,
      headers,
    });
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
      ack_wait: nanos(ACK_WAIT_MS),
      max_deliver: maxDeliver,
    });
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 32 });
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
    let event: EventEnvelope;
    try {
      event = parseEvent(msg.string());
    } catch (error) {
      // A message that can never be handled goes straight to the dead letters.
      await this.deadLetter(durable, msg, error);
      return;
    }
    try {
      // Events the handler causes continue the trace of the event that caused them.
      await runWithTrace(event.traceparent ?? newTraceparent(), () => handler(event, msg));
      msg.ack();
    } catch (error) {
      const attempt = msg.info.deliveryCount;
      if (attempt >= this.options.maxDeliver) {
        logger.error({ err: error, eventId: event.id, attempt }, 'event dead-lettered');
        await this.deadLetter(durable, msg, error);
      } else {
        const delay = this.retryDelay(attempt);
        logger.warn({ err: error, eventId: event.id, attempt, retryInMs: delay }, 'event handler failed');
        msg.nak(delay);
      }
    }
  }

  /** Exponential backoff: base, 2×base, 4×base … capped. */
  retryDelay(attempt: number): number {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options;
    return Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  }

  private async deadLetter(durable: string, msg: JsMsg, error: unknown): Promise<void> {
    const headers = natsHeaders();
    headers.set('Hiregraph-Consumer', durable);
    headers.set('Hiregraph-Original-Subject', msg.subject);
    // Header values are single-line; zod messages are not.
    const reason = String(error instanceof Error ? error.message : error).replace(/\s+/g, ' ');
    headers.set('Hiregraph-Error', reason.slice(0, 512));
    headers.set('Hiregraph-Deliveries', String(msg.info.deliveryCount));
    await this.js.publish(`${this.options.namespace}.dead.${durable}`, msg.data, {
      headers,
      msgID: `${durable}:${msg.seq}`,
    });
    msg.term('dead-lettered');
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

  /** Round trip to the server; used by readiness checks. */
  async ping(): Promise<void> {
    await this.connection.flush();
  }
}
