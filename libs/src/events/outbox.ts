import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';
import type { EventEnvelope } from './envelope.js';

/**
 * Advisory lock (per database) between producers and the relay. A producer holds it shared from
 * `enqueueEvent` until its transaction ends; the relay takes it exclusively for an instant before
 * reading. Once the relay has it, every transaction that drew an outbox `seq` has committed or
 * rolled back, and any later one draws a higher `seq`, so no row can appear behind the rows the relay
 * reads: `seq` order is commit order, with no gap filled in later.
 */
const OUTBOX_LOCK = 7_263_512_001;

/**
 * Transactional outbox. `enqueueEvent` writes the event into the service's own database inside the
 * caller's transaction, so the event exists if and only if the change committed. The relay then
 * publishes pending rows to JetStream in `seq` order and deletes them; a crash between publish and
 * delete republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate.
 */
export async function enqueueEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  if (!em.isInTransaction())
    throw new Error('enqueueEvent must run inside the transaction that makes the change');
  await em.execute('select pg_advisory_xact_lock_shared(?)', [OUTBOX_LOCK]);
  await em.execute('insert into outbox (id, type, payload, created_at) values (?, ?, ?, ?)', [
    event.id,
    event.type,
    JSON.stringify(event),
    event.occurredAt,
  ]);
}

/**
 * Many events in one statement (bulk producers such as job ingestion), with the same guarantees as
 * enqueueEvent; their `seq` order is the order given.
 */
export async function enqueueEvents(em: EntityManager, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  if (!em.isInTransaction())
    throw new Error('enqueueEvents must run inside the transaction that makes the change');
  await em.execute('select pg_advisory_xact_lock_shared(?)', [OUTBOX_LOCK]);
  for (let start = 0; start < events.length; start += 1000) {
    const chunk = events.slice(start, start + 1000);
    await em.execute(
      `insert into outbox (id, type, payload, created_at)
       select e.id, e.type, e.payload, e.created_at
       from rows from (jsonb_to_recordset(?::jsonb) as (id uuid, type text, payload jsonb, created_at timestamptz))
         with ordinality as e(id, type, payload, created_at, n)
       order by e.n`,
      [
        JSON.stringify(
          chunk.map((event) => ({
            id: event.id,
            type: event.type,
            payload: event,
            created_at: event.occurredAt,
          })),
        ),
      ],
    );
  }
}

export interface OutboxRelayOptions {
  pollIntervalMs?: number;
  batchSize?: number;
  /** How long one publish may wait for JetStream's ack before the pass stops and backs off. */
  publishTimeoutMs?: number;
  /** First delay after a failed pass; doubles with each further failure up to `maxRetryDelayMs`. */
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * Publishes the outbox. One pass reads a batch in `seq` order (no row locks are held while
 * publishing), publishes it in that order with a short ack timeout, stopping at the first failure,
 * and deletes what was published. After a failed pass (NATS or JetStream unreachable) the relay
 * waits, doubling the delay up to a cap, instead of retrying on every poll and commit.
 *
 * Several replicas may relay one outbox: they can publish the same row twice, which JetStream drops
 * (Nats-Msg-Id), and since each publishes in `seq` order the first copy of each row lands in order.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private failures = 0;
  private retryAt = 0;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly publishTimeoutMs: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly em: EntityManager,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 2_000;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  /** Polls for rows left behind (crash, NATS outage); `wake()` publishes fresh ones at once. */
  start(): void {
    this.timer = setInterval(() => void this.wake(), this.pollIntervalMs);
    this.timer.unref();
    void this.wake();
  }

  /**
   * Publishes everything pending; concurrent calls coalesce into one more pass. While backing off
   * after a failure it does nothing (the poll retries once the delay has passed) unless `force`.
   */
  wake(force = false): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    if (!force && Date.now() < this.retryAt) return Promise.resolve();
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          while ((await this.publishBatch()) === this.batchSize);
        } while (this.rerun);
        if (this.failures > 0) this.logger.info({ failures: this.failures }, 'outbox relay recovered');
        this.failures = 0;
        this.retryAt = 0;
      } catch (error) {
        this.failures += 1;
        const delay = this.retryDelay(this.failures);
        this.retryAt = Date.now() + delay;
        this.logger.warn({ err: error, retryInMs: delay }, 'outbox relay pass failed; backing off');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Exponential backoff after `failures` consecutive failed passes: base, 2×base, … capped. */
  retryDelay(failures: number): number {
    return Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** Math.max(0, failures - 1));
  }

  /** Stops polling and makes one last attempt to flush what is pending. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.wake(true);
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.em.fork().execute<{ count: string }[]>('select count(*) as count from outbox');
    return Number(row.count);
  }

  /** Publishes one batch; throws after deleting the rows published before a failure. */
  private async publishBatch(): Promise<number> {
    const rows = await this.em.fork().transactional(async (tx) => {
      // Waits only for producers between enqueue and commit; released when this read commits.
      await tx.execute('select pg_advisory_xact_lock(?)', [OUTBOX_LOCK]);
      return tx.execute<{ id: string; payload: EventEnvelope | string }[]>(
        'select id, payload from outbox order by seq limit ?',
        [this.batchSize],
      );
    });
    const published: string[] = [];
    let failure: unknown;
    for (const row of rows) {
      const event =
        typeof row.payload === 'string' ? (JSON.parse(row.payload) as EventEnvelope) : row.payload;
      try {
        await this.bus.publish(event, { timeoutMs: this.publishTimeoutMs });
      } catch (error) {
        failure = error;
        break;
      }
      published.push(row.id);
    }
    if (published.length > 0) {
      await this.em
        .fork()
        .execute(`delete from outbox where id in (${published.map(() => '?').join(', ')})`, published);
      this.logger.debug({ published: published.length }, 'outbox relayed');
    }
    if (failure) throw failure;
    return rows.length;
  }
}
