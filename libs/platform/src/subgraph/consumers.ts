import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventType } from '../events/catalog.js';
import type { EventEnvelope } from '../events/envelope.js';
import { handleOnce } from '../events/idempotent.js';
import type { SubgraphRuntime } from './service.js';

/**
 * Subscribes a durable consumer whose effect runs once per event, in one transaction with the
 * record of the event id (see handleOnce). The effect may enqueue further events through the outbox.
 */
export async function consumeOnce<Type extends EventType>(
  runtime: SubgraphRuntime,
  type: Type,
  consumer: string,
  effect: (event: EventEnvelope<Type>, tx: EntityManager) => Promise<unknown>,
): Promise<void> {
  await runtime.bus.subscribe(type, consumer, async (event) => {
    const applied = await handleOnce(runtime.orm.em as EntityManager, consumer, event, (tx) =>
      effect(event, tx),
    );
    if (applied) void runtime.outbox.wake();
  });
}
