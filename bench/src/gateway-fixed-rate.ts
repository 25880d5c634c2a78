import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { recordFigure } from './results.js';

/**
 * The gateway's latency at a fixed request rate (issue #19: p99 ≤ 25 ms at 300 req/s for the
 * cross-subgraph query, varied users' tokens), measured two ways per target:
 *
 * - `autocannon`: autocannon's `overallRate`. Each connection may send rate/connections requests
 *   per second, back to back from the start of each second, then idles: the load comes in bursts
 *   of `connections` concurrent requests, so its p99 is that of a burst. Its coordinated-omission
 *   correction assumes 1 ms between requests (autocannon 9 passes `ceil(1 / rate)` as the interval,
 *   in ms), which adds made-up samples to every response over 1 ms, so it is switched off here.
 * - `paced`: requests sent evenly spaced (every 1000/rate ms) on a keep-alive pool, whatever the
 *   answers, as a steady stream of independent clients would; each latency is counted from the
 *   time the request was due, so a stalled gateway is not hidden by requests that were never sent
 *   (no coordinated omission). This is the figure the target is about.
 */
export const RATE = Number(process.env.BENCH_GATEWAY_RATE ?? 300);
export const RATE_SECONDS = Number(process.env.BENCH_GATEWAY_RATE_SECONDS ?? 10);
/** autocannon's connections: enough that rate/connections requests fit in each connection's second. */
export const RATE_CONNECTIONS = Number(process.env.BENCH_GATEWAY_RATE_CONNECTIONS ?? 30);
export const P99_TARGET_MS = 25;
/** Sockets the paced client may open: a stall of ~200 ms at 300 req/s keeps 60 requests in flight. */
const PACED_SOCKETS = 128;
const REQUEST_TIMEOUT_MS = 10_000;

export interface RateTarget {
  name: string;
  url: string;
}

export interface RateRun {
  target: string;
  method: 'autocannon' | 'paced';
  requestsPerSecond: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  meetsTarget: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const round = (value: number) => Number(value.toFixed(2));

async function autocannonAtRate(target: RateTarget, query: string, tokens: string[]) {
  const url = new URL(target.url);
  let next = 0;
  const result = await autocannon({
    url: url.origin,
    connections: RATE_CONNECTIONS,
    overallRate: RATE,
    ignoreCoordinatedOmission: true,
    duration: RATE_SECONDS,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
        }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function pacedAtRate(target: RateTarget, query: string, tokens: string[]) {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: PACED_SOCKETS });
  const body = JSON.stringify({ query });
  const total = Math.round(RATE * RATE_SECONDS);
  const interval = 1000 / RATE;
  const latencies: number[] = [];
  let errors = 0;
  let lastAnswer = 0;
  const send = (index: number, due: number) =>
    new Promise<void>((resolve) => {
      const done = (ok: boolean) => {
        lastAnswer = performance.now();
        if (ok) latencies.push(lastAnswer - due);
        else errors += 1;
        resolve();
      };
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${tokens[index % tokens.length]}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode === 200));
          res.on('error', () => done(false));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => done(false));
      req.end(body);
    });

  const start = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Everything due by now goes out, so a late timer never lowers the rate.
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        pending.push(send(sent, start + sent * interval));
        sent += 1;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    // Answers per second over the whole run, until the last answer: below RATE if the target lagged.
    requestsPerSecond: latencies.length / ((lastAnswer - start) / 1000),
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    p999: round(percentile(sorted, 0.999)),
    errors,
  };
}

/** The name of the stub target: an HTTP server in the bench process that answers `{}` at once. */
export const NOISE_FLOOR = 'stub (noise floor)';

/**
 * A server that does nothing, loaded the same way: its latency is what the machine and the load
 * generator add by themselves (on a shared 2-core machine, often more than the target allows).
 */
async function startStub(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs both methods against each target in turn and the noise-floor stub (targets alternate, so a
 * shared machine's load falls on them alike), records every figure for bench/results/<date>.json and .md, and returns
 * the runs and a Markdown table for the gateway bench's own results file.
 */
export async function benchFixedRate(
  caseName: string,
  query: string,
  tokens: string[],
  targets: RateTarget[],
): Promise<{ runs: RateRun[]; table: string }> {
  const runs: RateRun[] = [];
  const stub = await startStub();
  try {
    for (const method of ['autocannon', 'paced'] as const) {
      for (const target of [...targets, { name: NOISE_FLOOR, url: stub.url }]) {
        const figures =
          method === 'autocannon'
            ? await autocannonAtRate(target, query, tokens)
            : await pacedAtRate(target, query, tokens);
        // The rate counts as reached within 2% (autocannon's per-second buckets round the last second).
        const reached = figures.requestsPerSecond >= RATE * 0.98;
        const run: RateRun = {
          target: target.name,
          method,
          ...figures,
          meetsTarget: reached && figures.errors === 0 && figures.p99 <= P99_TARGET_MS,
        };
        runs.push(run);
        console.log(
          `${caseName} at ${RATE} req/s (${method}) · ${target.name}: ${run.requestsPerSecond.toFixed(0)} req/s achieved, p50 ${run.p50} ms, p99 ${run.p99} ms, p99.9 ${run.p999} ms, errors ${run.errors}, load ${loadavg()[0].toFixed(2)} → ${run.target === NOISE_FLOOR ? 'reference, no target' : `target p99 ≤ ${P99_TARGET_MS} ms ${run.meetsTarget ? 'met' : 'NOT met'}`}`,
        );
        const figure = (name: string, value: number, unit: string, target?: { max?: number; min?: number }) =>
          recordFigure({
            case: 'gateway fixed rate',
            name: `${caseName} @ ${RATE} req/s, ${method} · ${run.target} ${name}`,
            value: round(value),
            unit,
            target,
          });
        // The stub's figures are a reference, not the platform's: no target on them.
        const floor = target.name === NOISE_FLOOR;
        figure('achieved', run.requestsPerSecond, 'req/s', floor ? undefined : { min: RATE * 0.98 });
        figure('p50', run.p50, 'ms');
        figure('p99', run.p99, 'ms', floor ? undefined : { max: P99_TARGET_MS });
        figure('p99.9', run.p999, 'ms');
        figure('errors', run.errors, 'requests', floor ? undefined : { max: 0 });
      }
    }
  } finally {
    await stub.close();
  }
  const table = [
    `Fixed rate: ${caseName} at ${RATE} req/s for ${RATE_SECONDS} s per target and method (autocannon: overallRate over ${RATE_CONNECTIONS} connections, bursts at each second; paced: evenly spaced requests, latency from when each was due). Target: p99 ≤ ${P99_TARGET_MS} ms at the full rate, no errors. \`${NOISE_FLOOR}\` answers at once in the bench process: what the machine and the load generator add alone. Load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}.`,
    '',
    '| case | target | method | achieved req/s | p50 ms | p99 ms | p99.9 ms | errors | p99 ≤ 25 ms at rate |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (run) =>
        `| ${caseName} @ ${RATE} req/s | ${run.target} | ${run.method} | ${run.requestsPerSecond.toFixed(0)} | ${run.p50} | ${run.p99} | ${run.p999} | ${run.errors} | ${run.target === NOISE_FLOOR ? '—' : run.meetsTarget ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
  return { runs, table };
}
