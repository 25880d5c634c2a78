import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './bus.js';
import type { EventEnvelope } from './envelope.js';

/** NATS's default max_payload (1 MiB); the relay reads the server's own value when it connects. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Room left in max_payload for the message headers (Nats-Msg-Id, traceparent, event type). */
const HEADER_ALLOWANCE = 4 * 1024;
let maxEventBytes = DEFAULT_MAX_PAYLOAD - HEADER_ALLOWANCE;

/** The largest serialized event the outbox takes (bytes): what NATS accepts, less the headers. */
export function maxEventSize(): number {
  return maxEventBytes;
}

/** Set from the server's max_payload (OutboxRelay does on construction); tests lower it. */
export function setMaxEventSize(bytes: number): void {
  maxEventBytes = bytes;
}

/**
 * An event NATS would refuse for its size: refused when emitted, so it never reaches the outbox,
 * where it would stand before every later row. BAD_USER_INPUT with reason EVENT_TOO_LARGE when it
 * reaches a client (the request carried too much), and the caller's transaction rolls back.
 */
export function eventTooLarge(type: string, bytes: number) {
  return badUserInput(
    `The ${type} event would be ${bytes} bytes; events are limited to ${maxEventBytes} bytes`,
    { reason: 'EVENT_TOO_LARGE', eventType: type, bytes, maxBytes: maxEventBytes },
  );
}

function serialize(event: EventEnvelope): string {
  const json = JSON.stringify(event);
  // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the event may be near the limit.
  if (json.length * 3 > maxEventBytes) {
    const bytes = Buffer.byteLength(json);
    if (bytes > maxEventBytes) throw eventTooLarge(event.type, bytes);
  }
  return json;
}

/**
 * Advisory lock (per database) between producers and the relay. A producer holds it shared from
 * `enqueueEvent` until its transaction ends; the relay takes it exclusively for an instant before
 * reading. Once the relay has it, every transaction that drew an outbox `seq` has committed or
 * rolled back, and any later one draws a higher `seq`, so no row can appear behind the rows the relay
 * reads: `seq` order is commit order, with no gap filled in later.
 */
export const OUTBOX_LOCK = 7_263_512_001;

/**
 * Transactional outbox. `enqueueEvent` writes the event into the service's own database inside the
 * caller's transaction, so the event exists if and only if the change committed. The relay then
 * publishes pending rows to JetStream in `seq` order and deletes them; a crash between publish and
 * delete republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate. An event larger
 * than NATS accepts is refused here (`eventTooLarge`), in the caller's transaction.
 */
export async function enqueueEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  if (!em.isInTransaction())
    throw new Error('enqueueEvent must run inside the transaction that makes the change');
  const payload = serialize(event);
  await em.execute('select pg_advisory_xact_lock_shared(?)', [OUTBOX_LOCK]);
  await em.execute('insert into outbox (id, type, payload, created_at) values (?, ?, ?, ?)', [
    event.id,
    event.type,
    payload,
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
  for (const event of events) serialize(event);
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
    const serverMax = bus.connection.info?.max_payload;
    if (serverMax) setMaxEventSize(serverMax - HEADER_ALLOWANCE);
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
        if (isPermanentRefusal(error)) {
          // Retrying cannot help and would hold back every row behind it: set it aside for an
          // operator (npm run events -- dead-letters) and go on.
          await this.deadLetter(row.id, error);
          continue;
        }
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

  /** Moves one outbox row to outbox_dead_letters, with why it was refused. */
  private async deadLetter(id: string, error: unknown): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.em.fork().transactional(async (tx) => {
      await tx.execute(
        `insert into outbox_dead_letters (id, seq, type, payload, created_at, error)
         select id, seq, type, payload, created_at, ? from outbox where id = ?
         on conflict (id) do update set error = excluded.error, dead_lettered_at = now()`,
        [reason.slice(0, 2000), id],
      );
      await tx.execute('delete from outbox where id = ?', [id]);
    });
    this.logger.error({ eventId: id, err: error }, 'outbox event refused for good; dead-lettered');
  }
}

/**
 * A refusal that retrying cannot change: the message is larger than the server's max_payload
 * (nats.js refuses it before sending) or the stream's limits, or JetStream refuses the message
 * itself. Outages, timeouts and closed connections are not: they are retried.
 */
export function isPermanentRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'InvalidArgumentError') return true;
  // JetStreamApiError's code is the err_code; 10054: message size exceeds maximum allowed.
  if (error.name === 'JetStreamApiError' && (error as { code?: unknown }).code === 10054) return true;
  return /max_payload|maximum (?:message|msg) size|message size exceeds/i.test(error.message);
}
