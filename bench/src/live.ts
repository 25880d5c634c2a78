import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { EventBus } from '@hiregraph/libs/events/bus';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { createLogger } from '@hiregraph/libs/logger';
import { eventually } from '@hiregraph/libs/testing/namespace';
import type { Platform } from '@hiregraph/tools/platform';

/**
 * Live subscriptions: event → client latency at 1, 100 and 1,000 subscribers, deliveries per
 * second, and the gateway's memory per idle subscriber. The clients are real graphql-ws clients
 * in this process, each on its own WebSocket, subscribed to one resume's `resumeStatus` as its
 * owner; events are published straight to JetStream (as the resumes outbox would), each carrying
 * its index in `detail`, and timed from just before the publish to its receipt by each client
 * (one clock: publisher and clients share this process).
 *
 * Memory is the gateway child process's resident set (/proc/<pid>/status VmRSS) before and after
 * the idle subscribers connect, divided by their number. It counts everything a subscriber costs
 * the gateway (sockets' user-space buffers, graphql-ws and bridge state, listeners) and also heap
 * the collector has not handed back, so it is an upper bound; the kernel's socket buffers are not
 * in it (they are not the process's).
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
const PAYLOAD_ONLY = `subscription ($id: ID!) { resumeStatus(resumeId: $id) { cursor detail } }`;
const WITH_ENTITY = `subscription ($id: ID!) {
  resumeStatus(resumeId: $id) { cursor detail resume { title owner { fullName } } }
}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
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
  const gatewayPid = platform.pid('gateway');
  if (!gatewayPid) throw new Error('the gateway is not running');
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

  let memoryMeasured = false;
  try {
    for (const [label, query] of [
      ['payload fields only', PAYLOAD_ONLY],
      ['with resume { title owner { fullName } } (resumes + users)', WITH_ENTITY],
    ] as const) {
      for (const count of SUBSCRIBER_COUNTS) {
        if (query === WITH_ENTITY && count !== SUBSCRIBER_COUNTS[0]) continue;
        const measureMemory: boolean = !memoryMeasured && count >= 100;
        memoryMeasured ||= measureMemory;
        const rssBefore = await residentBytes(gatewayPid);
        const subscribers = await connect(count, query);
        await delay(1_000);
        const rssIdle = await residentBytes(gatewayPid);

        // Latency: events one at a time, 20 ms apart, each timed to every subscriber.
        const paced: number[] = [];
        for (let i = 0; i < LATENCY_EVENTS; i += 1) {
          paced.push(await publish());
          await delay(20);
        }
        await waitForAll(subscribers, paced);
        const sorted = latencies(subscribers, paced);

        // Throughput: a burst, from its first publish to its last event at the last subscriber.
        const burstStart = performance.now();
        const burst = await Promise.all(Array.from({ length: THROUGHPUT_EVENTS }, () => publish()));
        await waitForAll(subscribers, burst);
        const lastArrival = Math.max(...subscribers.flatMap((s) => burst.map((i) => s.arrivals.get(i)!)));
        const deliveries = subscribers.length * burst.length;
        const perSecond = deliveries / ((lastArrival - burstStart) / 1000);

        console.log(
          `live ${label}, ${count} subscriber(s): event → client p50 ${ms(percentile(sorted, 0.5))}, ` +
            `p99 ${ms(percentile(sorted, 0.99))} (${sorted.length} deliveries); ` +
            `burst of ${burst.length}: ${perSecond.toFixed(0)} deliveries/s` +
            (measureMemory
              ? `; gateway RSS +${((rssIdle - rssBefore) / 1024 / count).toFixed(1)} KiB per idle subscriber ` +
                `(${((rssIdle - rssBefore) / 1048576).toFixed(1)} MiB for ${count})`
              : ''),
        );
        await close(subscribers);
        // Let the gateway notice the closes before the next round's baseline.
        await delay(1_000);
      }
    }
  } finally {
    await bus.close();
  }
}
