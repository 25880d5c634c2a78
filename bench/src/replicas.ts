import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { createTestNamespace } from '@hiregraph/platform/testing/namespace';
import { recordFigure } from './results.js';
import {
  childrenRunning,
  CONNECTIONS,
  cpuSecondsOf,
  JOBS_ENTRY,
  loadJobs,
  seedJobs,
  startJobsSubgraph,
} from './subgraph.js';

const SECONDS = Number(process.env.BENCH_REPLICAS_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;

// Merges results run with `skipAggregateResult` (exact merged latency percentiles); missing from
// @types/autocannon.
const aggregateResult = (
  autocannon as unknown as {
    aggregateResult(results: autocannon.Result[], options: autocannon.Options): autocannon.Result;
  }
).aggregateResult;

interface ReplicaFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  failed: number;
}

/**
 * `CONNECTIONS` connections split evenly over `urls` (one autocannon instance per URL, run
 * concurrently), so one and two replicas are offered the same concurrency; the latency histograms
 * are merged and the CPU time of every jobs process is summed.
 */
async function measure(urls: string[]): Promise<ReplicaFigures> {
  const perUrl = Math.max(1, Math.floor(CONNECTIONS / urls.length));
  await Promise.all(urls.map((url) => loadJobs(url, WARM_UP_SECONDS, perUrl))); // JIT, pools, caches
  const pids = childrenRunning(JOBS_ENTRY);
  if (pids.length !== urls.length)
    throw new Error(`expected ${urls.length} jobs processes, found ${pids.length}`);
  const cpu = () => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const cpuBefore = cpu();
  const results = await Promise.all(urls.map((url) => loadJobs(url, SECONDS, perUrl, true)));
  const cpuSeconds = cpu() - cpuBefore;
  const merged = aggregateResult(results, { url: urls[0], connections: perUrl * urls.length });
  const requests = merged.requests.total;
  return {
    requestsPerSecond: Math.round(requests / SECONDS),
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    cpuMsPerRequest: Number(((cpuSeconds * 1000) / requests).toFixed(3)),
    failed: merged.errors + merged.non2xx + merged.timeouts,
  };
}

function report(replicas: number, figures: ReplicaFigures): void {
  const label = replicas === 1 ? '1 replica' : `${replicas} replicas`;
  recordFigure({
    case: 'replicas',
    name: `${label} throughput`,
    value: figures.requestsPerSecond,
    unit: 'req/s',
  });
  recordFigure({ case: 'replicas', name: `${label} p50`, value: figures.p50, unit: 'ms' });
  recordFigure({ case: 'replicas', name: `${label} p99`, value: figures.p99, unit: 'ms' });
  recordFigure({
    case: 'replicas',
    name: `${label} CPU per request (all jobs processes)`,
    value: figures.cpuMsPerRequest,
    unit: 'ms',
  });
  console.log(
    `${label} (${CONNECTIONS} connections in all, ${SECONDS} s): ${figures.requestsPerSecond} req/s, ` +
      `p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.cpuMsPerRequest} ms CPU per request, ` +
      `errors ${figures.failed}`,
  );
}

/**
 * `npm run bench -- replicas`: the `subgraph` case's load (anonymous `jobs(first: 20)`, direct, no
 * gateway) against one jobs process, then against two on the same databases and NATS namespace
 * (the second started beside the first, as test/replicas.e2e.test.ts does), the connections split
 * between them. Prints and records req/s, p50, p99 and CPU per request for each, and the ratio.
 * The load generator, Postgres and both replicas share this machine's cores: on 2 cores the
 * second replica can add at most what the first leaves idle.
 */
export async function benchReplicas(): Promise<void> {
  const ns = createTestNamespace('bench');
  const first = await startJobsSubgraph(ns.env);
  let second: Awaited<ReturnType<typeof startJobsSubgraph>> | undefined;
  try {
    await seedJobs(ns, first.urls.jobs);
    const one = await measure([first.urls.jobs]);
    report(1, one);
    second = await startJobsSubgraph(ns.env);
    const two = await measure([first.urls.jobs, second.urls.jobs]);
    report(2, two);
    const ratio = Number((two.requestsPerSecond / one.requestsPerSecond).toFixed(2));
    recordFigure({ case: 'replicas', name: 'throughput 2 replicas / 1 replica', value: ratio, unit: '×' });
    console.log(
      `2 replicas / 1 replica: ${ratio}× req/s on ${cpus().length} cores shared by the load generator, ` +
        'Postgres and the replicas (on 2 cores two replicas can at most use both; a shared machine ' +
        'lowers both figures)',
    );
  } finally {
    await second?.stopAll();
    await first.stopAll();
    await ns.cleanup();
  }
}
