import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics: one registry per process (gateway or subgraph), served as text on
 * `/metrics` by the HTTP shell (libs/platform/src/http.ts). Every family is named `hiregraph_*` except Node's
 * runtime metrics (prom-client's default collectors, `process_*` and `nodejs_*`).
 *
 * Labels stay bounded: operation names pass through `operationLabel`, routes through `routeLabel`,
 * codes through `codeLabel`; event subjects, consumers and job names come from code, never from a
 * request. No label ever carries an id, a query text or a user's input.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Seconds: from 5 ms (a cached field) to 30 s (past every timeout). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Background jobs (imports, AI) run from a second to several minutes. */
const JOB_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

const registers = [metricsRegistry];

export const httpRequests = new Counter({
  name: 'hiregraph_http_requests_total',
  help: 'HTTP requests served, by method, route and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});
export const httpRequestDuration = new Histogram({
  name: 'hiregraph_http_request_duration_seconds',
  help: 'Time to serve an HTTP request, by method, route and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const graphqlRequests = new Counter({
  name: 'hiregraph_graphql_requests_total',
  help: 'GraphQL operations executed, by operation name, type and result (ok: no error).',
  labelNames: ['operation', 'type', 'result'] as const,
  registers,
});
export const graphqlRequestDuration = new Histogram({
  name: 'hiregraph_graphql_request_duration_seconds',
  help: 'Time from receiving a GraphQL operation to sending its response, by operation name and result.',
  labelNames: ['operation', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});
export const graphqlErrors = new Counter({
  name: 'hiregraph_graphql_errors_total',
  help: 'Errors in GraphQL responses, by operation name and extensions.code.',
  labelNames: ['operation', 'code'] as const,
  registers,
});

export const subgraphFetchDuration = new Histogram({
  name: 'hiregraph_subgraph_fetch_duration_seconds',
  help: "The gateway's calls to a subgraph, by subgraph and result (error: the call failed or answered errors).",
  labelNames: ['subgraph', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const eventsPublished = new Counter({
  name: 'hiregraph_events_published_total',
  help: 'Events published to JetStream, by subject (the event type).',
  labelNames: ['subject'] as const,
  registers,
});
export const eventsConsumed = new Counter({
  name: 'hiregraph_events_consumed_total',
  help: 'Event deliveries handled, by subject, durable consumer and result (error: the handler threw).',
  labelNames: ['subject', 'consumer', 'result'] as const,
  registers,
});
export const eventsRedelivered = new Counter({
  name: 'hiregraph_events_redelivered_total',
  help: 'Deliveries of an event a consumer had already received (a retry), by subject and consumer.',
  labelNames: ['subject', 'consumer'] as const,
  registers,
});
export const eventsDeadLettered = new Counter({
  name: 'hiregraph_events_dead_lettered_total',
  help: 'Events copied to the dead-letter stream, by subject and consumer.',
  labelNames: ['subject', 'consumer'] as const,
  registers,
});

export const jobsCompleted = new Counter({
  name: 'hiregraph_jobs_total',
  help: 'Background jobs run (imports, AI work), by job and result (error: it threw).',
  labelNames: ['job', 'result'] as const,
  registers,
});
export const jobDuration = new Histogram({
  name: 'hiregraph_job_duration_seconds',
  help: 'How long a background job ran, by job and result.',
  labelNames: ['job', 'result'] as const,
  buckets: JOB_BUCKETS,
  registers,
});

/** What a scrape samples: the pending messages of each durable consumer, the rows of an outbox. */
export interface ConsumerLagSource {
  pendingByConsumer(): Promise<Map<string, number>>;
}
export interface OutboxDepthSource {
  pendingCount(): Promise<number>;
}

const lagSources = new Set<ConsumerLagSource>();
const outboxSources = new Map<OutboxDepthSource, string>();
/** A sample that does not answer in this time is left out of the scrape rather than stalling it. */
const SAMPLE_TIMEOUT_MS = 2_000;

new Gauge({
  name: 'hiregraph_event_consumer_pending',
  help: 'Messages of the event stream a durable consumer has not yet been delivered (JetStream num_pending), sampled on scrape.',
  labelNames: ['consumer'] as const,
  registers,
  async collect() {
    this.reset();
    const samples = await Promise.allSettled(
      [...lagSources].map((source) => sample(source.pendingByConsumer())),
    );
    for (const result of samples) {
      if (result.status !== 'fulfilled') continue;
      for (const [consumer, pending] of result.value) this.set({ consumer }, pending);
    }
  },
});

new Gauge({
  name: 'hiregraph_outbox_depth',
  help: 'Outbox rows not yet published to JetStream, by service, sampled on scrape.',
  labelNames: ['service'] as const,
  registers,
  async collect() {
    this.reset();
    await Promise.allSettled(
      [...outboxSources].map(async ([source, service]) =>
        this.set({ service }, await sample(source.pendingCount())),
      ),
    );
  },
});

function sample<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('metric sample timed out')), SAMPLE_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Samples `bus`'s consumer lag and `outbox`'s depth on every scrape until the returned function is
 * called (before they close).
 */
export function observeEventSources(service: string, bus: ConsumerLagSource, outbox: OutboxDepthSource) {
  lagSources.add(bus);
  outboxSources.set(outbox, service);
  return () => {
    lagSources.delete(bus);
    outboxSources.delete(outbox);
  };
}

/** Runs `work` as background job `job` (a name from code), counting it and timing it. */
export async function observeJob<T>(job: string, work: () => Promise<T>): Promise<T> {
  const end = jobDuration.startTimer({ job });
  try {
    const result = await work();
    end({ result: 'ok' });
    jobsCompleted.inc({ job, result: 'ok' });
    return result;
  } catch (error) {
    end({ result: 'error' });
    jobsCompleted.inc({ job, result: 'error' });
    throw error;
  }
}

/** Most operation names a process labels; past that, new names count as "other". */
export const MAX_OPERATION_LABELS = 500;
const operationNames = new Set<string>();
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** A run of 6+ digits, or of 12+ hex characters holding a digit: an id or a hash, not a name. */
const ID_LIKE = /\d{6}|(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{12}/;

/**
 * The operation name as a label: "anonymous" without one, "other" for one that is too long, looks
 * like an id or a hash (clients that put ids in names would make one series per id), or comes after
 * MAX_OPERATION_LABELS distinct names.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name) || ID_LIKE.test(name)) return 'other';
  if (!operationNames.has(name)) {
    if (operationNames.size >= MAX_OPERATION_LABELS) return 'other';
    operationNames.add(name);
  }
  return name;
}

/** extensions.code as a label: codes are SCREAMING_SNAKE_CASE constants; anything else is "other". */
export function codeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'NONE';
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'other';
}

const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/.well-known/jwks.json']);

/** The request path as a label: the service's fixed routes, everything else "other". */
export function routeLabel(path: string): string {
  return ROUTES.has(path) ? path : 'other';
}

/** Counts and times every HTTP request once its response is finished (or the client went away). */
export function httpMetricsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    // Read now: routers mounted on a path rewrite req.url while they run.
    const method = /^(GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD)$/.test(req.method) ? req.method : 'other';
    const route = routeLabel(req.path);
    res.once('close', () => {
      const labels = { method, route, status: String(res.statusCode) };
      end(labels);
      httpRequests.inc(labels);
    });
    next();
  };
}

/** `/metrics`: the registry in Prometheus's text format, sampled gauges included. */
export function metricsHandler(): RequestHandler {
  return async (_req, res, next) => {
    try {
      const text = await metricsRegistry.metrics();
      res.setHeader('content-type', metricsRegistry.contentType);
      res.end(text);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A metric read from its owner on every scrape (e.g. the gateway's live connections): a gauge, or a
 * counter whose owner keeps the running total. Registering a name again replaces it, as a service
 * started again in one process (tests) must.
 */
export function sampledMetric(options: {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  read: () => number;
}): void {
  const { name, help, read } = options;
  metricsRegistry.removeSingleMetric(name);
  if (options.type === 'gauge') {
    new Gauge({
      name,
      help,
      registers,
      collect: function () {
        this.set(read());
      },
    });
  } else {
    new Counter({
      name,
      help,
      registers,
      collect: function () {
        this.reset();
        this.inc(read());
      },
    });
  }
}
