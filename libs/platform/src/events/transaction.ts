import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventEnvelope } from './envelope.js';
import { eventCatalog, type EventData, type EventType } from './catalog.js';
import { enqueueEvent, type OutboxRelay } from './outbox.js';

export type Emit = <Type extends EventType>(
  type: Type,
  data: EventData<Type>,
) => Promise<EventEnvelope<Type>>;

type Work<T> = (tx: EntityManager, emit: Emit) => Promise<T>;

/**
 * Runs `work` in a transaction in which `emit` enqueues events into the outbox, then wakes the
 * relay: the change and its events commit together, and are published right after. Each event's
 * producer is the one the catalog names for its type, unless `producer` is given.
 */
export async function transactionWithEvents<T>(
  em: EntityManager,
  outbox: OutboxRelay,
  work: Work<T>,
): Promise<T>;
export async function transactionWithEvents<T>(
  em: EntityManager,
  outbox: OutboxRelay,
  producer: string,
  work: Work<T>,
): Promise<T>;
export async function transactionWithEvents<T>(
  em: EntityManager,
  outbox: OutboxRelay,
  producerOrWork: string | Work<T>,
  maybeWork?: Work<T>,
): Promise<T> {
  const [producer, work] =
    typeof producerOrWork === 'function' ? [undefined, producerOrWork] : [producerOrWork, maybeWork!];
  const result = await em.transactional((tx) =>
    work(tx, async (type, data) => {
      const event = createEvent(type, data, { producer: producer ?? eventCatalog[type].producer });
      await enqueueEvent(tx, event);
      return event;
    }),
  );
  void outbox.wake();
  return result;
}
