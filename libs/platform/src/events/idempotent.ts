import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from './envelope.js';

/**
 * Runs `effect` at most once per (consumer, event id): the processed id is recorded in the
 * consumer's database in the same transaction as the effect, so a redelivered event finds it and
 * does nothing, and a failed effect leaves no record behind. Returns whether the effect ran.
 */
export async function handleOnce(
  em: EntityManager,
  consumer: string,
  event: Pick<EventEnvelope, 'id'>,
  effect: (tx: EntityManager) => Promise<unknown>,
): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const inserted = await tx.execute<{ event_id: string }[]>(
      'insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
      [consumer, event.id],
    );
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}

/**
 * Forgets processed event ids older than the stream keeps events: such an event can no longer be
 * delivered, so its id guards nothing. Keeps processed_events from growing without bound.
 */
export async function pruneProcessedEvents(em: EntityManager, retentionDays: number): Promise<number> {
  const result = await em
    .fork()
    .execute<{ affectedRows?: number }>(
      `delete from processed_events where processed_at < now() - make_interval(days => ?)`,
      [Math.ceil(retentionDays) + 1],
      'run',
    );
  return result.affectedRows ?? 0;
}
