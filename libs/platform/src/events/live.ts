import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type PubAck,
} from '@nats-io/jetstream';
import { z } from 'zod';
import { ensureStream } from './bus.js';

/**
 * The live stream: data that only live subscriptions read (the assistant's tokens), kept apart
 * from the domain events. Messages live as long as a conversation (an hour) and the stream is
 * bounded in bytes, dropping its oldest messages first; nothing is acked, consumers are the
 * gateway's ordered ones.
 */
export function liveStreamName(namespace: string): string {
  return `${namespace}_live`;
}
export const LIVE_MAX_AGE_MS = 60 * 60 * 1000;
export const LIVE_MAX_BYTES = 256 * 1024 * 1024;
/** A token re-published after a lost ack is dropped as a duplicate for this long. */
const LIVE_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Every family of live messages, declared once (docs/events.md, "Live streams"). */
export const liveCatalog = {
  'assistant.reply': {
    version: 1,
    producer: 'matching',
    description:
      "The career assistant's answer, token by token, on the subject of its conversation; the last message of an answer has done = true.",
    /** `<namespace>.live.assistant.<conversationId>` */
    subjectPrefix: 'assistant',
    schema: z.object({
      conversationId: z.uuid(),
      /** One id per answer, so a client can group the tokens of successive answers. */
      replyId: z.uuid(),
      /** 0, 1, 2… within the answer; the done message comes last. */
      sequence: z.number().int().min(0),
      /** A piece of the answer ('' on the done message); the pieces join exactly into the answer. */
      token: z.string(),
      done: z.boolean(),
      /** On the done message: the answer's length in characters (what the tokens add up to). */
      answerLength: z.number().int().min(0).optional(),
    }),
  },
} as const;

export type LiveFamily = keyof typeof liveCatalog;
export type LiveData<Family extends LiveFamily> = z.infer<(typeof liveCatalog)[Family]['schema']>;

/** Subject of one key (e.g. a conversation) of a family. */
export function liveSubject(namespace: string, family: LiveFamily, key: string): string {
  return `${namespace}.live.${liveCatalog[family].subjectPrefix}.${key}`;
}
/** Every subject of a family (what one gateway-wide feed reads). */
export function liveFamilySubject(namespace: string, family: LiveFamily): string {
  return `${namespace}.live.${liveCatalog[family].subjectPrefix}.>`;
}

/** Parses a live message of `family`; throws when it is not one. */
export function parseLiveMessage<Family extends LiveFamily>(family: Family, raw: string): LiveData<Family> {
  return liveCatalog[family].schema.parse(JSON.parse(raw)) as LiveData<Family>;
}

/**
 * Creates the live stream when missing, kept on `replicas` servers (NATS_REPLICAS); safe from every
 * publisher and reader at once.
 */
export async function ensureLiveStream(
  connection: NatsConnection,
  namespace: string,
  replicas = 1,
): Promise<void> {
  await ensureStream(await jetstreamManager(connection), liveStreamName(namespace), {
    subjects: [`${namespace}.live.>`],
    max_age: nanos(LIVE_MAX_AGE_MS),
    max_bytes: LIVE_MAX_BYTES,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(LIVE_DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  });
}

/**
 * Publishes live messages with JetStream (stored, so a subscriber can resume after a cursor). The
 * stream is ensured once per connection. Publishes are pipelined on the one connection, so they
 * are stored in the order they were sent; `msgID` makes a retried publish a no-op.
 */
export class LivePublisher {
  private static readonly publishers = new WeakMap<NatsConnection, LivePublisher>();
  private ready?: Promise<void>;
  private readonly js: JetStreamClient;

  private constructor(
    private readonly connection: NatsConnection,
    private readonly namespace: string,
    private readonly replicas: number,
  ) {
    this.js = jetstream(connection);
  }

  static of(connection: NatsConnection, namespace: string, replicas = 1): LivePublisher {
    let publisher = LivePublisher.publishers.get(connection);
    if (!publisher) {
      publisher = new LivePublisher(connection, namespace, replicas);
      LivePublisher.publishers.set(connection, publisher);
    }
    return publisher;
  }

  /** Resolves once the live stream exists (retried on the next call after a failure). */
  ensure(): Promise<void> {
    this.ready ??= ensureLiveStream(this.connection, this.namespace, this.replicas).catch(
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  /** Publishes one message of `family` on `key`'s subject; resolves with JetStream's ack. */
  publish<Family extends LiveFamily>(
    family: Family,
    key: string,
    data: LiveData<Family>,
    msgID: string,
  ): Promise<PubAck> {
    const parsed = liveCatalog[family].schema.parse(data);
    return this.js.publish(liveSubject(this.namespace, family, key), JSON.stringify(parsed), { msgID });
  }
}
