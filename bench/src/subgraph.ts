import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { startPlatform, type Platform } from '@hiregraph/tools/platform';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { writeFeed } from './ingestion.js';

const SECONDS = Number(process.env.BENCH_SUBGRAPH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONCURRENCY ?? 16);
const POSTINGS = 100;
/** Set to a directory to have the subgraph write a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_SUBGRAPH_PROFILE_DIR;
const CLI = fileURLToPath(new URL('../../subgraphs/jobs/dist/imports/import-cli.js', import.meta.url));
/** The jobs subgraph's entry, as it appears in its process's command line. */
export const JOBS_ENTRY = 'subgraphs/jobs/dist/main.js';
const QUERY =
  '{ jobs(first: 20) { nodes { id title company postedAt } pageInfo { hasNextPage endCursor } } }';

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The children of this process running `entry` (the platform starts each service as a direct child). */
export function childrenRunning(entry: string): number[] {
  return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
    .trim()
    .split(' ')
    .map(Number)
    .filter((candidate) => readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes(entry));
}

function childRunning(entry: string): number {
  const [pid] = childrenRunning(entry);
  if (!pid) throw new Error(`no child process runs ${entry}`);
  return pid;
}

/** The jobs subgraph alone (no gateway, no other subgraph) on `env`'s databases and NATS namespace. */
export function startJobsSubgraph(env: NodeJS.ProcessEnv): Promise<Platform> {
  return startPlatform({
    ports: 'auto',
    subgraphs: ['jobs'],
    gateway: false,
    env: {
      ...env,
      LOG_LEVEL: 'warn',
      ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
    },
    output: () => {},
  });
}

/** Imports the bench postings through the jobs CLI and waits until the subgraph at `url` lists them. */
export async function seedJobs(ns: TestNamespace, url: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-bench-'));
  try {
    const feed = join(dir, 'feed.json');
    await writeFeed(feed, POSTINGS, 'subgraph');
    await promisify(execFile)(process.execPath, [CLI, feed, '--source', 'bench-subgraph'], {
      env: { ...process.env, ...ns.env, LOG_LEVEL: 'warn' },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await eventually(async () => {
    const res = await graphqlRequest(url, '{ jobs(first: 100) { nodes { id } } }');
    return (res.data?.jobs?.nodes?.length ?? 0) >= POSTINGS ? true : undefined;
  }, 60_000);
  const check = await graphqlRequest(url, QUERY);
  if (check.errors || check.data.jobs.nodes.length !== 20)
    throw new Error(`unexpected answer: ${JSON.stringify(check)}`);
}

/**
 * Anonymous `jobs(first: 20)` at `url` from `connections` connections for `seconds`.
 * `skipAggregateResult` keeps the raw histograms, for `autocannon.aggregateResult` over instances.
 */
export function loadJobs(
  url: string,
  seconds: number,
  connections = CONNECTIONS,
  skipAggregateResult = false,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY }),
    connections,
    duration: seconds,
    skipAggregateResult,
  });
}

/**
 * `npm run bench -- subgraph`: the jobs subgraph alone answering anonymous `jobs(first: 20)`
 * directly (no gateway), so the figures are the subgraph runtime's own cost per request:
 * req/s, p50, p99 and the subgraph process's CPU time per request (less sensitive to other load
 * on the machine than throughput). Target: ≥ 1,500 req/s, ≤ 0.7 ms CPU per request.
 */
export async function benchSubgraph(): Promise<void> {
  const ns = createTestNamespace('bench');
  const platform = await startJobsSubgraph(ns.env);
  try {
    const url = platform.urls.jobs;
    await seedJobs(ns, url);
    const load = (duration: number) => loadJobs(url, duration);
    await load(2); // warm-up: JIT, pools, caches
    const pid = childRunning(JOBS_ENTRY);
    const cpuBefore = cpuSecondsOf(pid);
    const result = await load(SECONDS);
    const cpu = cpuSecondsOf(pid) - cpuBefore;
    const requests = result.requests.total;
    const failed = result.errors + result.non2xx + result.timeouts;
    console.log(
      `jobs subgraph direct, anonymous jobs(first: 20) x${requests} (${CONNECTIONS} connections, ${SECONDS} s): ` +
        `${(requests / SECONDS).toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
        `${((cpu * 1000) / requests).toFixed(2)} ms CPU per request in the subgraph, errors ${failed} ` +
        '(target ≥ 1,500 req/s, ≤ 0.7 ms CPU per request)',
    );
  } finally {
    await platform.stopAll();
    await ns.cleanup();
  }
}
