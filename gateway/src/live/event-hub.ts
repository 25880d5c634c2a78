import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { eventStreamName, eventSubject } from '@hiregraph/platform/events/bus';
import { isTransientJetStreamError, retryTransient } from '@hiregraph/platform/events/nats-cluster';
import { parseEvent } from '@hiregraph/platform/events/envelope';
import type { EventType } from '@hiregraph/platform/events/catalog';
import {
  ensureLiveStream,
  liveFamilySubject,
  liveStreamName,
  liveSubject,
  parseLiveMessage,
  type LiveFamily,
} from '@hiregraph/platform/events/live';
import { codedError, ErrorCode } from '@hiregraph/platform/errors';
import type { Logger } from '@hiregraph/platform/logger';

/** What feeds deliver: a domain event envelope, or a live-only message (libs/platform/src/events/live.ts). */
export interface LiveEvent {
  data: unknown;
  /** When it happened (a live message: when the stream stored it). */
  occurredAt: string;
  traceparent?: string;
}

/** An event with its position in its stream (the subscription cursor). */
export interface StreamedEvent {
  seq: number;
  event: LiveEvent;
}

/**
 * Where a shared feed reads: a domain event type on the event stream, or a family of live
 * messages on the live stream (`{ live: 'assistant.reply' }`).
 */
export type FeedSource = EventType | { live: LiveFamily };

/** A feed's stream, subject filter and parser. */
export interface FeedSpec {
  key: string;
  stream: string;
  subject: string;
  parse(raw: string, storedAt: Date): LiveEvent;
}

/**
 * Called synchronously for every live event, in stream order. `shared` is one map per event,
 * handed to every listener, so identical subscriptions can share one resolution of that event.
 */
export type EventListener = (streamed: StreamedEvent, shared: Map<string, unknown>) => void;

export interface EventHubOptions {
  servers: string | string[];
  /** Servers the live stream is kept on when the hub creates it (NATS_REPLICAS). */
  replicas?: number;
  namespace: string;
  logger: Logger;
  /** How often each feed checks that it has not silently stopped while the stream moved on. */
  watchdogMs: number;
  /**
   * How long a subscribe or replay keeps retrying JetStream calls that fail while the cluster
   * elects a new stream leader (timeouts, no responders, 503) before the client gets an error.
   */
  transientRetryMs?: number;
}

/** A leader election after a server died took 5–16 s in the cluster test; twice that, with margin. */
const DEFAULT_TRANSIENT_RETRY_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The gateway's window on the event stream and the live stream: one JetStream ordered consumer per
 * event type (subject), or live message family (subjects), that has live subscribers, fanned out in process, plus short-lived ordered consumers that replay
 * what a resuming subscriber missed. Ordered consumers are ephemeral, flow-controlled and need no
 * acks; each feed remembers the last sequence it delivered, so whenever its consumer is recreated
 * (NATS reconnected, heartbeats missed, the watchdog found it stuck) it continues right after it:
 * no gap, no duplicate.
 */
export class EventHub {
  private readonly feeds = new Map<string, SubjectFeed>();
  private closed = false;

  private constructor(
    private readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: EventHubOptions,
  ) {
    void this.watchConnection();
  }

  static async connect(options: EventHubOptions): Promise<EventHub> {
    const connection = await connect({
      servers: options.servers,
      name: 'gateway-live',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    // The live stream may not exist yet (nothing published since it expired): feeds wait for it.
    await ensureLiveStream(connection, options.namespace, options.replicas);
    return new EventHub(connection, jetstream(connection), await jetstreamManager(connection), options);
  }

  private get stream(): string {
    return eventStreamName(this.options.namespace);
  }

  subject(type: EventType): string {
    return eventSubject(this.options.namespace, type);
  }

  private spec(source: FeedSource): FeedSpec {
    if (typeof source === 'string') {
      return { key: source, stream: this.stream, subject: this.subject(source), parse: parseEvent };
    }
    const { namespace } = this.options;
    return {
      key: `live:${source.live}`,
      stream: liveStreamName(namespace),
      subject: liveFamilySubject(namespace, source.live),
      parse: (raw, storedAt) => ({
        data: parseLiveMessage(source.live, raw),
        occurredAt: storedAt.toISOString(),
      }),
    };
  }

  /** Sequence of the last stored event of `type` (0 when there is none). */
  async lastSequence(type: EventType): Promise<number> {
    return this.lastSequenceOf(this.spec(type));
  }

  /** Sequence of the last message stored on `subject` (0 when there is none). */
  async lastSequenceOf({ stream, subject }: Pick<FeedSpec, 'stream' | 'subject'>): Promise<number> {
    try {
      const message = await this.settled(() =>
        this.jsm.streams.getMessage(stream, { last_by_subj: subject }),
      );
      return message?.seq ?? 0;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.status === 404) return 0;
      throw error;
    }
  }

  /**
   * A JetStream call that rides out a leader election (retried while it fails transiently, within
   * `transientRetryMs`): a subscriber arriving or resuming meanwhile waits instead of failing.
   */
  private settled<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return retryTransient(call, {
      budgetMs: this.options.transientRetryMs ?? DEFAULT_TRANSIENT_RETRY_MS,
      signal,
      onRetry: (error, attempt) =>
        this.options.logger.info(
          { err: error, attempt },
          'live: JetStream busy (leader election?); retrying',
        ),
    });
  }

  /**
   * Where a subscription resuming after `after` starts replaying `source`, bounded to the last
   * `windowMs`: each replay reads the subject's events of every user, so a cursor from a month ago
   * would have the gateway read a month of them for one client. `after` 0 ("all there is") starts at
   * the window's oldest event. A cursor whose next event is older than the window, or already
   * dropped by the stream's retention, is refused with CURSOR_EXPIRED and the oldest cursor served
   * (the client resumes from there knowingly, or reloads by query); never a silent gap.
   */
  async resumePoint(source: FeedSource, after: number, windowMs: number): Promise<number> {
    const { stream } = this.spec(source);
    const windowStart = new Date(Date.now() - windowMs);
    const expired = (oldestCursor: number) =>
      codedError(
        ErrorCode.CursorExpired,
        `The cursor is older than the ${Math.round(windowMs / 1000)} s of events the gateway replays, ` +
          'or from before the stream was recreated; resume from oldestCursor (events before it are ' +
          'not replayed) or reload by query',
        { oldestCursor: String(oldestCursor) },
      );
    let state: { first_seq: number; last_seq: number };
    try {
      ({ state } = await this.settled(() => this.jsm.streams.info(stream)));
    } catch (error) {
      // The live stream is removed when idle and recreated from sequence 1: an old cursor would
      // otherwise drop the new stream's first events as already delivered.
      if (error instanceof JetStreamApiError && error.status === 404) {
        if (after === 0) return 0;
        throw expired(0);
      }
      throw error;
    }
    if (after === 0) return this.oldestCursor(stream, windowStart, state.last_seq);
    // Beyond the stream's end: a recreated stream (or a made-up cursor); same answer.
    let tooOld = after > state.last_seq || after + 1 < state.first_seq;
    if (!tooOld && after < state.last_seq) {
      const next = await this.settled(() => this.jsm.streams.getMessage(stream, { seq: after + 1 })).catch(
        (error: unknown) => {
          if (error instanceof JetStreamApiError && error.status === 404) return null;
          throw error;
        },
      );
      tooOld = next !== null && next.time < windowStart;
    }
    if (!tooOld) return after;
    throw expired(await this.oldestCursor(stream, windowStart, state.last_seq));
  }

  /** The cursor just before the first event stored since `since` (the last one when there is none). */
  private async oldestCursor(stream: string, since: Date, lastSeq: number): Promise<number> {
    return this.settled(async () => {
      const consumer = await this.js.consumers.get(stream, {
        deliver_policy: DeliverPolicy.StartTime,
        opt_start_time: since.toISOString(),
      });
      try {
        if ((await consumer.info(true)).num_pending === 0) return lastSeq;
        const first = await consumer.next({ expires: 2_000 });
        return first ? first.seq - 1 : lastSeq;
      } finally {
        await consumer.delete().catch(() => {});
      }
    });
  }

  /** Live events of `source` from now on; resolves once the feed is running. Returns the unsubscribe. */
  async listen(source: FeedSource, listener: EventListener): Promise<() => void> {
    const spec = this.spec(source);
    let feed = this.feeds.get(spec.key);
    if (!feed) {
      feed = new SubjectFeed(this, spec, this.js, this.options);
      this.feeds.set(spec.key, feed);
    }
    await feed.started;
    feed.listeners.add(listener);
    return () => feed.listeners.delete(listener);
  }

  /**
   * Events of `type` after `afterSeq` up to the last one stored when the replay starts, in order.
   * Later events reach a subscriber through `listen`, which it joined before replaying.
   */
  async *replay(type: EventType, afterSeq: number, signal: AbortSignal): AsyncGenerator<StreamedEvent> {
    yield* this.replayFrom(this.spec(type), afterSeq, signal);
  }

  /** Live messages of `family` on `key`'s subject only (e.g. one conversation), as `replay`. */
  replayLive(family: LiveFamily, key: string, afterSeq: number, signal: AbortSignal) {
    const spec = this.spec({ live: family });
    return this.replayFrom(
      { ...spec, subject: liveSubject(this.options.namespace, family, key) },
      afterSeq,
      signal,
    );
  }

  /**
   * Replays from `from` to the subject's last event at the start. A consumer lost to a leader
   * election is recreated right after the last event yielded (no gap, no duplicate), within the
   * transient-retry budget.
   */
  private async *replayFrom(
    spec: FeedSpec,
    from: number | { since: Date },
    signal: AbortSignal,
  ): AsyncGenerator<StreamedEvent> {
    const until = await this.lastSequenceOf(spec);
    if (until <= (typeof from === 'number' ? from : 0)) return;
    let position = from;
    let budgetEnds = Date.now() + (this.options.transientRetryMs ?? DEFAULT_TRANSIENT_RETRY_MS);
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      try {
        for await (const streamed of this.replayOnce(spec, position, until, signal)) {
          position = streamed.seq;
          budgetEnds = Date.now() + (this.options.transientRetryMs ?? DEFAULT_TRANSIENT_RETRY_MS);
          attempt = 1;
          yield streamed;
        }
        return;
      } catch (error) {
        const pause = Math.min(2_000, 100 * 2 ** (attempt - 1));
        if (!isTransientJetStreamError(error) || Date.now() + pause > budgetEnds) throw error;
        this.options.logger.info(
          { err: error, attempt, after: position },
          'live: replay interrupted (leader election?); resuming',
        );
        await sleep(pause);
      }
    }
  }

  private async *replayOnce(
    spec: FeedSpec,
    from: number | { since: Date },
    until: number,
    signal: AbortSignal,
  ): AsyncGenerator<StreamedEvent> {
    if (typeof from === 'number' && from >= until) return;
    const consumer = await this.js.consumers.get(spec.stream, {
      filter_subjects: spec.subject,
      ...(typeof from === 'number'
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from + 1 }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.since.toISOString() }),
    });
    // Nothing stored since then: the consumer would only wait for the next live event.
    if (typeof from !== 'number' && (await consumer.info(true)).num_pending === 0) return;
    const messages = await consumer.consume({ max_messages: 256 });
    const abort = () => messages.stop();
    signal.addEventListener('abort', abort, { once: true });
    try {
      for await (const msg of messages) {
        const event = this.parse(spec, msg);
        if (event) yield { seq: msg.seq, event };
        if (msg.seq >= until || msg.info.pending === 0) break;
      }
    } finally {
      signal.removeEventListener('abort', abort);
      messages.stop();
    }
  }

  /**
   * Events of `type` stored since `since` (the stream's own timestamps, deliver policy by start
   * time) up to the last one stored when the replay starts, in order; as `replay` otherwise.
   */
  async *replaySince(type: EventType, since: Date, signal: AbortSignal): AsyncGenerator<StreamedEvent> {
    yield* this.replayFrom(this.spec(type), { since }, signal);
  }

  /** Parses a stored event; one that is not a valid event is skipped (and logged), never delivered. */
  parse(spec: FeedSpec, msg: JsMsg): LiveEvent | undefined {
    try {
      return spec.parse(msg.string(), new Date(Math.floor(msg.info.timestampNanos / 1_000_000)));
    } catch (error) {
      this.options.logger.warn(
        { err: error, seq: msg.seq, stream: spec.stream },
        'live: skipped an invalid event',
      );
      return undefined;
    }
  }

  /** After a reconnect every feed recreates its consumer from its last sequence. */
  private async watchConnection(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (this.closed) return;
      if (status.type === 'reconnect') {
        this.options.logger.info('live: NATS reconnected, restarting feeds');
        this.restartFeeds('reconnect');
      }
    }
  }

  /** Recreates every feed's consumer right after what it delivered (a reconnect, or a test). */
  restartFeeds(reason: string): void {
    for (const feed of this.feeds.values()) feed.restart(reason);
  }

  /** Round trip to the server (readiness). */
  async ping(): Promise<void> {
    await this.connection.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const feed of this.feeds.values()) feed.stop();
    await Promise.allSettled([...this.feeds.values()].map((feed) => feed.done));
    if (!this.connection.isClosed()) await this.connection.close();
  }
}

/** One source's live feed: an ordered consumer recreated from the last sequence as needed. */
class SubjectFeed {
  readonly listeners = new Set<EventListener>();
  readonly started: Promise<void>;
  readonly done: Promise<void>;
  /**
   * The last sequence delivered, or where the feed started (the subject's last stored sequence when
   * it first ran, 0 for an empty subject); undefined until then. Kept apart from "nothing stored":
   * a restart before anything was delivered must continue from the start position, not from
   * whatever the subject holds by then (events published meanwhile would be skipped).
   */
  private lastSeq?: number;
  private messages?: ConsumerMessages;
  private stopped = false;
  private watchdog?: NodeJS.Timeout;
  private seenAtLastCheck = -1;

  constructor(
    private readonly hub: EventHub,
    private readonly spec: FeedSpec,
    private readonly js: JetStreamClient,
    private readonly options: EventHubOptions,
  ) {
    let onStarted!: () => void;
    this.started = new Promise<void>((resolve) => (onStarted = resolve));
    this.done = this.run(onStarted);
  }

  private async run(onStarted: () => void): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.lastSeq ??= await this.hub.lastSequenceOf(this.spec);
        const consumer = await this.js.consumers.get(this.spec.stream, {
          filter_subjects: this.spec.subject,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: this.lastSeq + 1,
        });
        this.messages = await consumer.consume({ max_messages: 512 });
        if (this.stopped) this.messages.stop();
        onStarted();
        this.startWatchdog();
        failures = 0;
        for await (const msg of this.messages) {
          if (msg.seq <= (this.lastSeq ?? 0)) continue;
          this.lastSeq = msg.seq;
          const event = this.hub.parse(this.spec, msg);
          if (event) this.dispatch({ seq: msg.seq, event });
        }
      } catch (error) {
        failures += 1;
        this.options.logger.warn(
          { err: error, feed: this.spec.key, failures },
          'live: feed failed; retrying',
        );
      }
      if (!this.stopped) await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
    }
    clearInterval(this.watchdog);
  }

  private dispatch(streamed: StreamedEvent): void {
    const shared = new Map<string, unknown>();
    for (const listener of this.listeners) {
      try {
        listener(streamed, shared);
      } catch (error) {
        this.options.logger.error({ err: error, seq: streamed.seq }, 'live: listener failed');
      }
    }
  }

  /**
   * Pull consumers can stop fetching after a broker restart without an error: when the stream has
   * moved past what this feed delivered and nothing arrived since the last check, start over.
   */
  private startWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      void (async () => {
        const delivered = this.lastSeq ?? 0;
        const stored = await this.hub.lastSequenceOf(this.spec).catch(() => delivered);
        const stuck = stored > delivered && this.seenAtLastCheck === delivered;
        this.seenAtLastCheck = delivered;
        if (stuck) this.restart('watchdog');
      })();
    }, this.options.watchdogMs);
    this.watchdog.unref();
  }

  restart(reason: string): void {
    this.options.logger.info({ feed: this.spec.key, lastSeq: this.lastSeq, reason }, 'live: restarting feed');
    this.messages?.stop();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.watchdog);
    this.messages?.stop();
  }
}
