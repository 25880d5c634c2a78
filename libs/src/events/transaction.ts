import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventEnvelope } from './envelope.js';
import type { EventData, EventType } from './catalog.js';
import { enqueueEvent, type OutboxRelay } from './outbox.js';

export type Emit = <Type extends EventType>(
  type: Type,
  data: EventData<Type>,
) => Promise<EventEnvelope<Type>>;

/**
 * Runs `work` in a transaction in which `emit` enqueues events into the outbox, then wakes the
 * relay: the change and its events commit together, and are published right after.
 */
export async function transactionWithEvents<T>(
  em: EntityManager,
  outbox: OutboxRelay,
  producer: string,
  work: (tx: EntityManager, emit: Emit) => Promise<T>,
): Promise<T> {
  const result = await em.transactional((tx) =>
    work(tx, async (type, data) => {
      const event = createEvent(type, data, { producer });
      await enqueueEvent(tx, event);
      return event;
    }),
  );
  void outbox.wake();
  return result;
}
