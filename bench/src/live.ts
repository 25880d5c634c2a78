import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { eventually } from '@hiregraph/platform/testing/namespace';
import type { Platform } from '@hiregraph/tools/platform';
import { loadGatewayConfig } from '@hiregraph/gateway/config';
import { startGateway } from '@hiregraph/gateway/gateway';
import { recordFigure, recordLatencies } from './results.js';

/**
 * Live subscriptions: event → client latency at 1, 100 and 1,000 subscribers, deliveries per
 * second, and the gateway's memory per idle subscriber. The clients are real graphql-ws clients
 * in this process, each on its own WebSocket, subscribed to one resume's `resumeStatus` as its
 * owner; events are published straight to JetStream (as the resumes outbox would), each carrying
 * its index in `detail`, and timed from just before the publish to its receipt by each client
 * (one clock: publisher and clients share this process).
 *
 * Memory per idle subscriber is measured on a second gateway started in this process (same
 * subgraphs, NATS and Redis), with the idle clients in a child process so their own memory is not
 * counted: the gateway's heap (plus external and array buffers) after a full collection, before
 * and after they subscribe, divided by their number. Run with --expose-gc (`npm run bench` does);
 * without it the figure includes uncollected garbage.
 */
export interface LiveBenchSetup {
  platform: Platform;
  namespace: string;
  natsUrl: string;
  token: string;
  ownerId: string;
  resumeId: string;
}

// Largest first: its memory is measured on a gateway that has not had (and freed) subscribers yet.
const SUBSCRIBER_COUNTS = (process.env.BENCH_LIVE_SUBSCRIBERS ?? '1000,100,1')
  .split(',')
  .map(Number)
  .sort((a, b) => b - a);
const LATENCY_EVENTS = Number(process.env.BENCH_LIVE_EVENTS ?? 40);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_LIVE_BURST ?? 30);
const IDLE_SUBSCRIBERS = Number(process.env.BENCH_LIVE_IDLE ?? 1000);
const PAYLOAD_ONLY = `subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }`;
const WITH_ENTITY = `subscription ($id: ID!) {
  resumeStatus(resumeId: $id) { cursor detail resume { title owner { fullName } } }
}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Live bytes after a full collection (when exposed): heap, external and array buffers. */
async function retainedBytes(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i += 1) {
    collect?.();
    await delay(100);
  }
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  return heapUsed + external + arrayBuffers;
}

/** One subscriber: a graphql-ws client on its own socket, recording when each event index arrived. */
interface Subscriber {
  client: Client;
  arrivals: Map<number, number>;
  errors: unknown[];
}

function subscriber(url: string, token: string, query: string, resumeId: string): Subscriber {
  const arrivals = new Map<number, number>();
  const errors: unknown[] = [];
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  client.subscribe<{ resumeStatus: { detail: string } }>(
    { query, variables: { id: resumeId } },
    {
      next: (value) => {
        const at = performance.now();
        const index = Number(value.data?.resumeStatus.detail);
        if (value.errors?.length) errors.push(value.errors);
        else arrivals.set(index, at);
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  return { client, arrivals, errors };
}

export async function benchLive(setup: LiveBenchSetup): Promise<void> {
  const { platform, token, ownerId, resumeId } = setup;
  const url = platform.urls.gateway.replace(/^http/, 'ws');
  const bus = await EventBus.connect({
    servers: setup.natsUrl,
    namespace: setup.namespace,
    service: 'bench-live',
    logger: createLogger('bench-live', 'warn'),
  });
  let index = 0;
  const publishedAt = new Map<number, number>();
  const publish = async () => {
    index += 1;
    publishedAt.set(index, performance.now());
    await bus.publish(
      createEvent(
        'resume.status_changed',
        { resumeId, ownerId, status: 'PROCESSING', detail: String(index) },
        { producer: 'resumes' },
      ),
    );
    return index;
  };

  /** Connects `count` subscribers (in batches), and waits until a probe event reached every one. */
  const connect = async (count: number, query: string) => {
    const subscribers: Subscriber[] = [];
    for (let start = 0; start < count; start += 100) {
      for (let i = start; i < Math.min(count, start + 100); i += 1) {
        subscribers.push(subscriber(url, token, query, resumeId));
      }
      await delay(50);
    }
    // Live-only subscriptions: probe until every one of them is registered.
    await eventually(async () => {
      const probe = await publish();
      await delay(300);
      const failed = subscribers.find((s) => s.errors.length > 0);
      if (failed) throw new Error(`subscription failed: ${JSON.stringify(failed.errors[0])}`);
      return subscribers.every((s) => s.arrivals.has(probe));
    }, 60_000);
    return subscribers;
  };
  const waitForAll = (subscribers: Subscriber[], indices: number[]) =>
    eventually(async () => subscribers.every((s) => indices.every((i) => s.arrivals.has(i))), 60_000);
  const latencies = (subscribers: Subscriber[], indices: number[]) =>
    subscribers
      .flatMap((s) => indices.map((i) => s.arrivals.get(i)! - publishedAt.get(i)!))
      .sort((a, b) => a - b);
  const close = (subscribers: Subscriber[]) => Promise.all(subscribers.map((s) => s.client.dispose()));

  try {
    for (const [label, query] of [
      ['payload fields only', PAYLOAD_ONLY],
      ['with resume { title owner { fullName } } (resumes + users)', WITH_ENTITY],
    ] as const) {
      for (const count of SUBSCRIBER_COUNTS) {
        if (query === WITH_ENTITY && count !== SUBSCRIBER_COUNTS[0]) continue;
        const subscribers = await connect(count, query);

        // Latency: events one at a time, paced well below the throughput (≤ 2,000 deliveries/s
        // offered), each timed to every subscriber.
        const paced: number[] = [];
        const gap = Math.max(20, count / 2);
        for (let i = 0; i < LATENCY_EVENTS; i += 1) {
          paced.push(await publish());
          await delay(gap);
        }
        await waitForAll(subscribers, paced);
        const sorted = latencies(subscribers, paced);
        // Where the time goes: to the first subscriber, and from the first to the last (fan-out).
        const firsts = paced.map((i) => Math.min(...subscribers.map((s) => s.arrivals.get(i)!)));
        const toFirst = paced.map((i, n) => firsts[n] - publishedAt.get(i)!).sort((a, b) => a - b);
        const spreads = paced
          .map((i, n) => Math.max(...subscribers.map((s) => s.arrivals.get(i)!)) - firsts[n])
          .sort((a, b) => a - b);

        // Throughput: a burst, from its first publish to its last event at the last subscriber.
        const burstStart = performance.now();
        const burst = await Promise.all(Array.from({ length: THROUGHPUT_EVENTS }, () => publish()));
        await waitForAll(subscribers, burst);
        const lastArrival = Math.max(...subscribers.flatMap((s) => burst.map((i) => s.arrivals.get(i)!)));
        const deliveries = subscribers.length * burst.length;
        const perSecond = deliveries / ((lastArrival - burstStart) / 1000);
        const scope = `${label}, ${count} subscriber(s)`;
        recordLatencies('live-inprocess', `event → client (${scope})`, sorted, [0.5, 0.99]);
        recordFigure({
          case: 'live-inprocess',
          name: `burst deliveries (${scope})`,
          value: Math.round(perSecond),
          unit: 'deliveries/s',
        });

        console.log(
          `live ${label}, ${count} subscriber(s): event → client p50 ${ms(percentile(sorted, 0.5))}, ` +
            `p99 ${ms(percentile(sorted, 0.99))} (${sorted.length} deliveries; to the first subscriber p50 ` +
            `${ms(percentile(toFirst, 0.5))}, first to last p50 ${ms(percentile(spreads, 0.5))}, ` +
            `max ${ms(spreads.at(-1)!)}); ` +
            `burst of ${burst.length}: ${perSecond.toFixed(0)} deliveries/s`,
        );
        await close(subscribers);
        // Let the gateway notice the closes before the next round's baseline.
        await delay(1_000);
      }
    }
    await idleMemory(setup, publish);
  } finally {
    await bus.close();
  }
}

/** The in-process gateway's retained memory per idle subscriber (clients in a child process). */
async function idleMemory(setup: LiveBenchSetup, publish: () => Promise<number>): Promise<void> {
  const { urls, env } = setup.platform;
  const gateway = await startGateway(
    loadGatewayConfig({
      ...env,
      GATEWAY_PORT: '0',
      USERS_URL: urls.users,
      RESUMES_URL: urls.resumes,
      JOBS_URL: urls.jobs,
      MATCHING_URL: urls.matching,
    }),
    createLogger('bench-gateway', 'warn'),
  );
  try {
    // Warm: one subscriber served an event, so lazily built state (the feed, the schema) exists.
    const warm = fork(fileURLToPath(new URL('./idle-clients.js', import.meta.url)), [
      gateway.websocketUrl,
      setup.token,
      setup.resumeId,
      '1',
    ]);
    await untilReady(warm, publish);
    warm.disconnect();
    await eventually(async () => gateway.liveConnections.size === 0);
    const before = await retainedBytes();
    const idle = fork(fileURLToPath(new URL('./idle-clients.js', import.meta.url)), [
      gateway.websocketUrl,
      setup.token,
      setup.resumeId,
      String(IDLE_SUBSCRIBERS),
    ]);
    await untilReady(idle, publish);
    await delay(1_000);
    const after = await retainedBytes();
    const exact = typeof (globalThis as { gc?: unknown }).gc === 'function';
    recordFigure({
      case: 'live-inprocess',
      name: `gateway memory per idle subscriber (${exact ? 'retained after a full GC' : 'incl. garbage'})`,
      value: Number(((after - before) / 1024 / IDLE_SUBSCRIBERS).toFixed(1)),
      unit: 'KiB',
    });
    console.log(
      `live idle subscribers: ${IDLE_SUBSCRIBERS} cost the gateway ${((after - before) / 1048576).toFixed(1)} MiB, ` +
        `${((after - before) / 1024 / IDLE_SUBSCRIBERS).toFixed(1)} KiB each ` +
        (exact ? '(retained after a full GC)' : '(no --expose-gc: includes garbage)'),
    );
    idle.disconnect();
  } finally {
    await gateway.stop();
  }
}

/** Publishes probe events until the child reports every subscriber heard one. */
async function untilReady(child: ChildProcess, publish: () => Promise<number>): Promise<void> {
  let ready = false;
  let failure: string | undefined;
  child.on('message', (message: { ready?: number; error?: string }) => {
    if (message.ready) ready = true;
    if (message.error) failure = message.error;
  });
  await eventually(async () => {
    if (failure) throw new Error(`idle subscriber failed: ${failure}`);
    if (!ready) {
      await publish();
      await delay(300);
    }
    return ready;
  }, 60_000);
}
