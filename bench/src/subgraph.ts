import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { startPlatform } from '@hiregraph/tools/platform';
import { createTestNamespace, eventually } from '@hiregraph/platform/testing/namespace';
import { graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { writeFeed } from './ingestion.js';

const SECONDS = Number(process.env.BENCH_SUBGRAPH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONCURRENCY ?? 16);
const POSTINGS = 100;
/** Set to a directory to have the subgraph write a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_SUBGRAPH_PROFILE_DIR;
const CLI = fileURLToPath(new URL('../../subgraphs/jobs/dist/imports/import-cli.js', import.meta.url));
const QUERY =
  '{ jobs(first: 20) { nodes { id title company postedAt } pageInfo { hasNextPage endCursor } } }';

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The child of this process running `entry` (the platform starts each service as a direct child). */
function childRunning(entry: string): number {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
    .trim()
    .split(' ');
  const pid = children
    .map(Number)
    .find((candidate) => readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes(entry));
  if (!pid) throw new Error(`no child process runs ${entry}`);
  return pid;
}

/**
 * `npm run bench -- subgraph`: the jobs subgraph alone answering anonymous `jobs(first: 20)`
 * directly (no gateway), so the figures are the subgraph runtime's own cost per request:
 * req/s, p50, p99 and the subgraph process's CPU time per request (less sensitive to other load
 * on the machine than throughput). Target: ≥ 1,500 req/s, ≤ 0.7 ms CPU per request.
 */
export async function benchSubgraph(): Promise<void> {
  const ns = createTestNamespace('bench');
  const platform = await startPlatform({
    ports: 'auto',
    subgraphs: ['jobs'],
    gateway: false,
    env: {
      ...ns.env,
      LOG_LEVEL: 'warn',
      ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
    },
    output: () => {},
  });
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-bench-'));
  try {
    const feed = join(dir, 'feed.json');
    await writeFeed(feed, POSTINGS, 'subgraph');
    await promisify(execFile)(process.execPath, [CLI, feed, '--source', 'bench-subgraph'], {
      env: { ...process.env, ...ns.env, LOG_LEVEL: 'warn' },
    });
    const url = platform.urls.jobs;
    await eventually(async () => {
      const res = await graphqlRequest(url, '{ jobs(first: 100) { nodes { id } } }');
      return (res.data?.jobs?.nodes?.length ?? 0) >= POSTINGS ? true : undefined;
    }, 60_000);
    const body = JSON.stringify({ query: QUERY });
    const check = await graphqlRequest(url, QUERY);
    if (check.errors || check.data.jobs.nodes.length !== 20)
      throw new Error(`unexpected answer: ${JSON.stringify(check)}`);
    const load = (duration: number) =>
      autocannon({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: CONNECTIONS,
        duration,
      });
    await load(2); // warm-up: JIT, pools, caches
    const pid = childRunning('subgraphs/jobs/dist/main.js');
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
    await rm(dir, { recursive: true, force: true });
    await platform.stopAll();
    await ns.cleanup();
  }
}
