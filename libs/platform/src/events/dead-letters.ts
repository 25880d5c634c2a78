import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager, type StoredMsg } from '@nats-io/jetstream';
import { DeadLetterHeaders, deadLetterStreamName } from './bus.js';

/** One message a consumer gave up on, as kept in the dead-letter stream. */
export interface DeadLetter {
  /** Sequence in the dead-letter stream: what `replay` takes. */
  seq: number;
  consumer: string;
  originalSubject: string;
  originalSequence: number | undefined;
  error: string;
  deliveries: number;
  deadLetteredAt: string;
  /** The event envelope's id and type when the message is JSON with them. */
  eventId: string | undefined;
  eventType: string | undefined;
}

function describe(seq: number, msg: Pick<StoredMsg, 'header' | 'data' | 'timestamp'>): DeadLetter {
  let envelope: { id?: unknown; type?: unknown } = {};
  try {
    envelope = JSON.parse(new TextDecoder().decode(msg.data)) as typeof envelope;
  } catch {
    // An invalid message is dead-lettered as it came; it has no envelope.
  }
  const originalSequence = msg.header?.get(DeadLetterHeaders.originalSequence);
  return {
    seq,
    consumer: msg.header?.get(DeadLetterHeaders.consumer) ?? '',
    originalSubject: msg.header?.get(DeadLetterHeaders.originalSubject) ?? '',
    originalSequence: originalSequence ? Number(originalSequence) : undefined,
    error: msg.header?.get(DeadLetterHeaders.error) ?? '',
    deliveries: Number(msg.header?.get(DeadLetterHeaders.deliveries) ?? 0),
    deadLetteredAt: msg.timestamp,
    eventId: typeof envelope.id === 'string' ? envelope.id : undefined,
    eventType: typeof envelope.type === 'string' ? envelope.type : undefined,
  };
}

/** Every dead letter of `namespace`, oldest first. Reading does not remove them. */
export async function listDeadLetters(connection: NatsConnection, namespace: string): Promise<DeadLetter[]> {
  const stream = deadLetterStreamName(namespace);
  const jsm = await jetstreamManager(connection);
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  // An ordered consumer reads the stream without leaving a durable consumer behind.
  const consumer = await jetstream(connection).consumers.get(stream, {
    deliver_policy: DeliverPolicy.All,
  });
  const letters: DeadLetter[] = [];
  const messages = await consumer.consume();
  for await (const msg of messages) {
    letters.push(describe(msg.seq, { header: msg.headers!, data: msg.data, timestamp: msg.timestamp }));
    if (msg.seq >= state.last_seq) break;
  }
  return letters;
}

export class DeadLetterNotFoundError extends Error {
  constructor(seq: number) {
    super(`No dead letter with sequence ${seq}`);
    this.name = 'DeadLetterNotFoundError';
  }
}

/**
 * Republishes dead letter `seq` on its original subject, then deletes it. The envelope is unchanged
 * (consumers dedupe by event id), with a new Nats-Msg-Id so JetStream does not drop it as a
 * duplicate of the original, and the header `Hiregraph-Replay-For` naming the consumer that gave up:
 * only that consumer handles it, the others (which handled the original) ack it unread. Replaying
 * the same letter twice (a crash between publish and delete) publishes it once within the
 * duplicate window.
 */
export async function replayDeadLetter(
  connection: NatsConnection,
  namespace: string,
  seq: number,
): Promise<DeadLetter> {
  const stream = deadLetterStreamName(namespace);
  const jsm = await jetstreamManager(connection);
  const stored = await jsm.streams.getMessage(stream, { seq });
  if (!stored) throw new DeadLetterNotFoundError(seq);
  const letter = describe(seq, stored);
  if (!letter.originalSubject || !letter.consumer)
    throw new Error(`Dead letter ${seq} has no original subject or consumer`);
  const headers = natsHeaders();
  for (const name of ['traceparent', 'Hiregraph-Event-Type']) {
    const value = stored.header.get(name);
    if (value) headers.set(name, value);
  }
  headers.set(DeadLetterHeaders.replayFor, letter.consumer);
  await jetstream(connection).publish(letter.originalSubject, stored.data, {
    headers,
    msgID: `replay:${letter.consumer}:${letter.originalSequence ?? letter.eventId ?? ''}:${seq}`,
  });
  await jsm.streams.deleteMessage(stream, seq, false);
  return letter;
}

/** Replays every dead letter, oldest first; returns those replayed. */
export async function replayAllDeadLetters(
  connection: NatsConnection,
  namespace: string,
): Promise<DeadLetter[]> {
  const replayed: DeadLetter[] = [];
  for (const letter of await listDeadLetters(connection, namespace)) {
    replayed.push(await replayDeadLetter(connection, namespace, letter.seq));
  }
  return replayed;
}
