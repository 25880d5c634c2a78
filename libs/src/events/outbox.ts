import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';
import type { EventEnvelope } from './envelope.js';

/**
 * Transactional outbox. `enqueueEvent` writes the event into the service's own database inside the
 * caller's transaction, so the event exists if and only if the change committed. The relay then
 * publishes pending rows to JetStream and deletes them; a crash between publish and delete
 * republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate.
 */
export async function enqueueEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  if (!em.isInTransaction())
    throw new Error('enqueueEvent must run inside the transaction that makes the change');
  await em.execute('insert into outbox (id, type, payload, created_at) values (?, ?, ?, ?)', [
    event.id,
    event.type,
    JSON.stringify(event),
    event.occurredAt,
  ]);
}

export interface OutboxRelayOptions {
  pollIntervalMs?: number;
  batchSize?: number;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly em: EntityManager,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
  }

  /** Polls for rows left behind (crash, NATS outage); `wake()` publishes fresh ones at once. */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Publishes everything pending; concurrent calls coalesce into one more pass. */
  wake(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          while ((await this.publishBatch()) === this.batchSize);
        } while (this.rerun);
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay pass failed; will retry');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Stops polling and flushes what is pending. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.wake();
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.em.fork().execute<{ count: string }[]>('select count(*) as count from outbox');
    return Number(row.count);
  }

  private async publishBatch(): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      // SKIP LOCKED lets several replicas relay the same outbox without publishing a row twice at once.
      const rows = await tx.execute<{ id: string; payload: EventEnvelope | string }[]>(
        'select id, payload from outbox order by created_at, id limit ? for update skip locked',
        [this.batchSize],
      );
      for (const row of rows) {
        const event =
          typeof row.payload === 'string' ? (JSON.parse(row.payload) as EventEnvelope) : row.payload;
        await this.bus.publish(event);
      }
      if (rows.length > 0) {
        await tx.execute(
          `delete from outbox where id in (${rows.map(() => '?').join(', ')})`,
          rows.map((row) => row.id),
        );
        this.logger.debug({ published: rows.length }, 'outbox relayed');
      }
      return rows.length;
    });
  }
}
