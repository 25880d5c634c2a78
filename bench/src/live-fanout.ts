import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { EventBus } from '@hiregraph/platform/events/bus';
import { createEvent } from '@hiregraph/platform/events/envelope';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { startPlatform, type Platform } from '@hiregraph/tools/platform';
import type { SubscriberMessage } from './live-subscribers.js';
import { recordFigure, type Figure } from './results.js';

/**
 * The `live` case (issue #19 item 6): one gateway (its own process, started by the platform), N
 * graphql-ws subscribers in a separate child process, all subscribed to one resume's
 * `resumeStatus` as its owner. Events are published to JetStream as the resumes outbox would, one
 * at a time, each carrying its publish time; each subscriber's receive time is taken in the child
 * process (same machine clock). Figures: event → last subscriber latency p50/p99 (target p99 ≤ 50
 * ms), per-delivery p50/p99, and then the gateway's RSS (VmRSS of its process) with M idle
 * subscribers (connected and subscribed, no events after one probe): target ≤ 200 MB.
 */
export interface LiveOptions {
  subscribers: number;
  events: number;
  idle: number;
  /** A running platform to use (the smoke test's); otherwise one is started and stopped. */
  platform?: Platform;
  namespace?: string;
  /** Quiet time before each RSS reading, so connection set-up garbage is not counted (default 3 s). */
  settleMs?: number;
  /** Runs after the RSS reading before the idle subscribers connect, e.g. to take a heap snapshot. */
  beforeIdle?: (gatewayPid: number) => Promise<void>;
  /** Runs while the idle subscribers are connected, e.g. to take a heap snapshot of the gateway. */
  whileIdle?: (gatewayPid: number) => Promise<void>;
}

export interface LiveFigures {
  /** Per timed event: every subscriber's latency (ms), in arrival order. */
  deliveries: number[][];
  lastSubscriberP50: number;
  lastSubscriberP99: number;
  deliveryP50: number;
  deliveryP99: number;
  firstSubscriberP50: number;
  spreadP50: number;
  gatewayRssBeforeMb: number;
  gatewayRssIdleMb: number;
  idleSubscribers: number;
}

const CASE = 'live';
const SUBSCRIBERS_SCRIPT = fileURLToPath(new URL('../dist/live-subscribers.js', import.meta.url));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The pid of this process's child running `entry` (the platform spawns services as children). */
export function childPid(entry: string): number {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command (field 2) may contain spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(entry)) return Number(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no child process runs ${entry}`);
}

/** VmRSS of a process, in MiB. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line!.replace(/\D+/g, '')) / 1024;
}

/** A child process of subscribers, with its messages turned into waitable state. */
class Subscribers {
  readonly child: ChildProcess;
  connected = false;
  ready = false;
  failure?: string;
  readonly completed = new Map<number, number[]>();

  constructor(url: string, token: string, resumeId: string, count: number) {
    // Idle sockets need a descriptor each (here and in the gateway): see the open-files limit (ulimit -n).
    this.child = fork(SUBSCRIBERS_SCRIPT, [url, token, resumeId, String(count)], {
      execArgv: ['--max-old-space-size=4096'],
    });
    this.child.on('message', (message: SubscriberMessage) => {
      if ('connected' in message) this.connected = true;
      else if ('ready' in message) this.ready = true;
      else if ('complete' in message) this.completed.set(message.complete, message.latencies);
      else this.failure = message.error;
    });
    this.child.on('exit', (code) => {
      if (!this.connected || code !== 0) this.failure ??= `subscriber process exited (${code})`;
    });
  }

  check(): void {
    if (this.failure) throw new Error(`live subscribers: ${this.failure}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
    await exited;
  }
}

export async function benchLiveFanout(options: LiveOptions): Promise<LiveFigures> {
  const ns = options.platform ? undefined : createTestNamespace('benchlive');
  const platform =
    options.platform ??
    (await startPlatform({
      ports: 'auto',
      env: { ...ns!.env, REGISTRATIONS_PER_IP_PER_HOUR: '100000', LOG_LEVEL: 'warn' },
      output: () => {},
    }));
  const namespace = options.namespace ?? ns!.name;
  const gatewayPid = childPid(fileURLToPath(new URL('../../gateway/dist/main.js', import.meta.url)));
  const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest(platform.urls.gateway, query, variables, token ? bearer(token) : {});
  const bus = await EventBus.connect({
    servers: platform.env.NATS_URL!,
    namespace,
    service: 'bench-live',
    logger: createLogger('bench-live', 'warn'),
  });
  const children: Subscribers[] = [];
  try {
    const registered = await gateway(
      'mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
      {
        i: {
          email: `bench-live-${Date.now()}@example.com`,
          password: 'benchmark passphrase 1',
          fullName: 'Live Bench',
        },
      },
    );
    const { accessToken: token, user } = registered.data.register;
    const created = await gateway(
      'mutation ($d: JSON!) { importJsonResume(title: "CV", document: $d) { id } }',
      { d: { work: [{ name: 'Acme', position: 'Engineer', startDate: '2019-01-01' }] } },
      token,
    );
    const resumeId: string = created.data.importJsonResume.id;
    const url = platform.urls.gateway.replace(/^http/, 'ws');

    const publish = (detail: string) =>
      bus.publish(
        createEvent(
          'resume.status_changed',
          { resumeId, ownerId: user.id, status: 'PROCESSING', detail },
          { producer: 'resumes' },
        ),
      );
    const epochNow = () => performance.timeOrigin + performance.now();
    /** Starts `count` subscribers and probes until every one has heard an event. */
    const subscribe = async (count: number) => {
      const subscribers = new Subscribers(url, token, resumeId, count);
      children.push(subscribers);
      await eventually(
        async () => {
          subscribers.check();
          return subscribers.connected;
        },
        Math.max(60_000, count * 30),
      );
      await eventually(async () => {
        subscribers.check();
        if (subscribers.ready) return true;
        await publish(`probe:${epochNow()}`);
        await delay(500);
        return subscribers.ready;
      }, 120_000);
      return subscribers;
    };

    // Fan-out latency: one event at a time (the next once the last reached every subscriber).
    const timed = await subscribe(options.subscribers);
    const deliveries: number[][] = [];
    for (let index = 1; index <= options.events; index += 1) {
      await publish(`${index}:${epochNow()}`);
      await eventually(async () => {
        timed.check();
        return timed.completed.has(index);
      }, 30_000);
      deliveries.push(timed.completed.get(index)!);
      await delay(20);
    }
    await timed.stop();
    const lastSubscriber = deliveries.map((latencies) => Math.max(...latencies)).sort((a, b) => a - b);
    const all = deliveries.flat().sort((a, b) => a - b);
    // Where the time goes: publish → first subscriber (JetStream, the gateway's feed, one
    // resolution), then first → last (the gateway's fan-out and the subscribers' process).
    const firstSubscriber = deliveries.map((latencies) => Math.min(...latencies)).sort((a, b) => a - b);
    const spread = deliveries
      .map((latencies) => Math.max(...latencies) - Math.min(...latencies))
      .sort((a, b) => a - b);

    // Idle memory: the gateway's RSS before, and with `idle` subscribers connected and subscribed.
    const settle = options.settleMs ?? 3_000;
    await delay(settle);
    const rssBefore = rssMb(gatewayPid);
    await options.beforeIdle?.(gatewayPid);
    const idle = await subscribe(options.idle);
    await delay(settle);
    idle.check();
    const rssIdle = rssMb(gatewayPid);
    await options.whileIdle?.(gatewayPid);
    await idle.stop();

    const figures: LiveFigures = {
      deliveries,
      lastSubscriberP50: percentile(lastSubscriber, 0.5),
      lastSubscriberP99: percentile(lastSubscriber, 0.99),
      deliveryP50: percentile(all, 0.5),
      deliveryP99: percentile(all, 0.99),
      firstSubscriberP50: percentile(firstSubscriber, 0.5),
      spreadP50: percentile(spread, 0.5),
      gatewayRssBeforeMb: rssBefore,
      gatewayRssIdleMb: rssIdle,
      idleSubscribers: options.idle,
    };
    const n = options.subscribers;
    const record = (name: string, value: number, unit: string, target?: Figure['target']) =>
      recordFigure({ case: CASE, name, value: Number(value.toFixed(2)), unit, target });
    record(
      `event → last subscriber p50 (${n} subscribers, ${options.events} events)`,
      figures.lastSubscriberP50,
      'ms',
    );
    record(
      `event → last subscriber p99 (${n} subscribers, ${options.events} events)`,
      figures.lastSubscriberP99,
      'ms',
      { max: 50 },
    );
    record(`event → subscriber p50 per delivery (${n} subscribers)`, figures.deliveryP50, 'ms');
    record(`event → subscriber p99 per delivery (${n} subscribers)`, figures.deliveryP99, 'ms');
    record(`event → first subscriber p50 (${n} subscribers)`, figures.firstSubscriberP50, 'ms');
    record(`first → last subscriber p50 (fan-out, ${n} subscribers)`, figures.spreadP50, 'ms');
    record('gateway RSS before idle subscribers', rssBefore, 'MB');
    record(`gateway RSS with ${options.idle} idle subscribers`, rssIdle, 'MB', { max: 200 });
    console.log(
      `live, ${n} subscribers in a child process, ${options.events} events one at a time: event → last subscriber ` +
        `p50 ${ms(figures.lastSubscriberP50)}, p99 ${ms(figures.lastSubscriberP99)} (target p99 ≤ 50 ms); ` +
        `per delivery p50 ${ms(figures.deliveryP50)}, p99 ${ms(figures.deliveryP99)} (${all.length} deliveries); ` +
        `to the first subscriber p50 ${ms(figures.firstSubscriberP50)}, first → last p50 ${ms(figures.spreadP50)}`,
    );
    console.log(
      `live, ${options.idle} idle subscribers: gateway VmRSS ${rssIdle.toFixed(0)} MB (target ≤ 200 MB; ` +
        `${rssBefore.toFixed(0)} MB before, ${(((rssIdle - rssBefore) * 1024) / options.idle).toFixed(1)} KiB per subscriber)`,
    );
    return figures;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await bus.close();
    if (!options.platform) {
      await platform.stopAll();
      await ns!.cleanup();
    }
  }
}
