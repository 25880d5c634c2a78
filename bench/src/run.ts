import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startPlatform } from '@hiregraph/tools/platform';
import { createTestNamespace, eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { benchEmbeddings } from './embeddings.js';
import { benchMatching } from './matching.js';
import { benchAnalysis } from './analysis.js';
import { benchAssistant } from './assistant.js';
import { benchIngestion } from './ingestion.js';
import { benchResumes } from './resumes.js';
import { benchLive } from './live.js';
import { benchGateway } from './gateway.js';
import { benchLiveFanout } from './live-fanout.js';
import { recordFigure, recordLatencies, writeResults } from './results.js';
import { benchIngestionThroughput } from './ingestion-throughput.js';
import { benchMatchingScale } from './matching-scale.js';
import { benchSubgraph } from './subgraph.js';
import { benchReplicas } from './replicas.js';

/**
 * Benchmarks of the running platform (all processes, real services), printing figures:
 * cold start, a cross-subgraph query through the gateway (latency and throughput), and the
 * event pipeline (outbox → JetStream → idempotent consumer), job ingestion (new and duplicate
 * postings per second, file to searchable), and resume analysis end to end.
 * Bounded in count and time; traffic goes to loopback only.
 */
const QUERY_COUNT = Number(process.env.BENCH_QUERIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const EVENT_COUNT = Number(process.env.BENCH_EVENTS ?? 300);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** `only: 'live'` skips the query and event-pipeline figures; `'assistant'` runs the assistant's alone. */
async function main(only?: 'live' | 'assistant'): Promise<void> {
  const ns = createTestNamespace('bench');
  const coldStart = performance.now();
  const platform = await startPlatform({
    ports: 'auto',
    env: {
      ...ns.env,
      REGISTRATIONS_PER_IP_PER_HOUR: '100000',
      // The analysis figures run many analyses as one user.
      AI_RATE_PER_MINUTE_USER: '100000',
      AI_DAILY_QUOTA_USER: '100000',
      LOG_LEVEL: 'warn',
    },
    output: () => {},
  });
  recordFigure({
    case: 'platform',
    name: 'cold start (4 subgraphs + gateway, fresh databases)',
    value: Math.round(performance.now() - coldStart),
    unit: 'ms',
  });
  console.log(`cold start (4 subgraphs + gateway, fresh databases): ${ms(performance.now() - coldStart)}`);
  const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest(platform.urls.gateway, query, variables, token ? bearer(token) : {});
  try {
    const register = async (email: string) =>
      (
        await gateway('mutation ($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }', {
          i: { email, password: 'benchmark passphrase 1', fullName: 'Bench User' },
        })
      ).data.register;
    await register('bench-admin@example.com');
    // Admin only by the operator's act; the grant ends the USER session, so sign in again.
    await promisify(execFile)(
      process.execPath,
      [
        fileURLToPath(new URL('../../subgraphs/users/dist/admin/admin-cli.js', import.meta.url)),
        'grant',
        'bench-admin@example.com',
      ],
      { env: { ...process.env, ...ns.env } },
    );
    const admin = (
      await gateway('mutation ($i: LoginInput!) { login(input: $i) { accessToken user { id } } }', {
        i: { email: 'bench-admin@example.com', password: 'benchmark passphrase 1' },
      })
    ).data.login;
    const user = await register('bench-user@example.com');
    const resume = await gateway(
      'mutation ($d: JSON!) { createResume: importJsonResume(title: "CV", document: $d) { id } }',
      {
        d: {
          work: [
            { name: 'Acme', position: 'Engineer', startDate: '2019-01-01', summary: 'TypeScript services.' },
          ],
          skills: [{ name: 'TypeScript' }, { name: 'PostgreSQL' }],
        },
      },
      user.accessToken,
    );
    await gateway(
      'mutation { postJob(input: { title: "Engineer", company: "Acme", requiredSkills: ["TypeScript"], description: "TypeScript and PostgreSQL services for our platform." }) { id } }',
      {},
      admin.accessToken,
    );
    const matchId = await eventually(async () => {
      const res = await gateway(
        'query ($r: ID!) { matchesForResume(resumeId: $r) { nodes { id } } }',
        { r: resume.data.createResume.id },
        user.accessToken,
      );
      return res.data?.matchesForResume?.nodes?.[0]?.id as string | undefined;
    });

    if (only === 'assistant') {
      await benchAssistant(gateway, platform.urls.gateway, user.accessToken, resume.data.createResume.id);
      return;
    }
    await benchLive({
      platform,
      namespace: ns.name,
      natsUrl: ns.config.NATS_URL,
      token: user.accessToken,
      ownerId: user.user.id,
      resumeId: resume.data.createResume.id,
    });
    if (only === 'live') return;

    // Cross-subgraph query: matching → resumes → users, and jobs.
    const query =
      'query ($id: ID!) { match(id: $id) { score job { title } resume { title owner { fullName } } } }';
    for (let i = 0; i < 50; i += 1) await gateway(query, { id: matchId }, user.accessToken); // warm-up
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < QUERY_COUNT) {
          next += 1;
          const t0 = performance.now();
          const res = await gateway(query, { id: matchId }, user.accessToken);
          latencies.push(performance.now() - t0);
          if (res.errors) failures += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    recordLatencies(
      'platform',
      `cross-subgraph query (concurrency ${CONCURRENCY})`,
      latencies,
      [0.5, 0.95, 0.99],
    );
    recordFigure({
      case: 'platform',
      name: 'cross-subgraph query throughput',
      value: Math.round(QUERY_COUNT / elapsed),
      unit: 'req/s',
    });
    console.log(
      `cross-subgraph query x${QUERY_COUNT} (concurrency ${CONCURRENCY}): ${(QUERY_COUNT / elapsed).toFixed(0)} req/s, ` +
        `p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, p99 ${ms(percentile(latencies, 0.99))}, errors ${failures}`,
    );

    await benchAnalysis(gateway, user.accessToken, resume.data.createResume.id);
    await benchAssistant(gateway, platform.urls.gateway, user.accessToken, resume.data.createResume.id);

    // Event pipeline: user.registered from the users outbox to the resumes projection.
    const before = performance.now();
    const batch = Array.from({ length: EVENT_COUNT }, (_, i) => `bench-${i}@example.com`);
    for (let i = 0; i < batch.length; i += CONCURRENCY) {
      await Promise.all(batch.slice(i, i + CONCURRENCY).map((email) => register(email)));
    }
    const registered = performance.now();
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${ns.name}_resumes` });
    await client.connect();
    await eventually(async () => {
      const { rows } = await client.query(
        "select count(*)::int as n from resume_owners where email like 'bench-%'",
      );
      return rows[0].n >= EVENT_COUNT;
    }, 60_000);
    await client.end();
    const projected = performance.now();
    recordFigure({
      case: 'platform',
      name: 'user.registered events end to end',
      value: Math.round((EVENT_COUNT * 1000) / (projected - before)),
      unit: 'events/s',
    });
    console.log(
      `register x${EVENT_COUNT} (argon2id each): ${((EVENT_COUNT * 1000) / (registered - before)).toFixed(0)} /s; ` +
        `all user.registered projected in resumes ${ms(projected - registered)} after the last commit ` +
        `(${((EVENT_COUNT * 1000) / (projected - before)).toFixed(0)} events/s end to end)`,
    );
    await benchIngestion(ns, async (source) => {
      const res = await gateway(
        'query ($s: String!) { searchJobs(filter: { source: $s, includeUnknownSalary: true }, first: 1) { totalCount } }',
        { s: source },
      );
      return res.data?.searchJobs?.totalCount ?? 0;
    });

    await benchResumes(gateway, (await register('bench-resumes@example.com')).accessToken);
    const memory = process.memoryUsage();
    console.log(`bench process RSS ${(memory.rss / 1048576).toFixed(0)} MiB`);
  } finally {
    await platform.stopAll();
    await ns.cleanup();
  }
}

/** `node bench/dist/run.js resumes`: the platform and the resume figures alone. */
async function resumesOnly(): Promise<void> {
  const ns = createTestNamespace('bench');
  const platform = await startPlatform({
    ports: 'auto',
    env: { ...ns.env, LOG_LEVEL: 'warn' },
    output: () => {},
  });
  const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest(platform.urls.gateway, query, variables, token ? bearer(token) : {});
  try {
    const res = await gateway('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
      i: { email: 'bench-resumes@example.com', password: 'benchmark passphrase 1', fullName: 'Bench User' },
    });
    await benchResumes(gateway, res.data.register.accessToken);
  } finally {
    await platform.stopAll();
    await ns.cleanup();
  }
}

// `node bench/dist/run.js matching` (or `live [subscribers] [idle]`, `live-inprocess`, `assistant`, `resumes`,
// `embeddings`, `gateway`, `gateway-rate`, `subgraph`, `replicas`, `ingestion [postings]`, `matching-scale [postings]`) runs those figures alone; every run's
// recorded figures go to bench/results/.
const only = process.argv[2];
const size = (fallback: number) => Number(process.argv[3] ?? fallback);
if (only === 'live')
  await benchLiveFanout({ subscribers: size(1000), events: 100, idle: Number(process.argv[4] ?? 10_000) });
else if (only === 'live-inprocess' || only === 'assistant') await main(only === 'assistant' ? only : 'live');
else if (only === 'ingestion') await benchIngestionThroughput(size(20_000));
else if (only === 'matching-scale') await benchMatchingScale(size(200_000));
else if (only === 'resumes') await resumesOnly();
else if (only === 'embeddings') await benchEmbeddings();
else if (only === 'gateway') await benchGateway();
else if (only === 'gateway-rate') await benchGateway({ fixedRateOnly: true });
else if (only === 'subgraph') await benchSubgraph();
else if (only === 'replicas') await benchReplicas();
else {
  if (only !== 'matching') await main();
  await benchMatching();
}
const written = await writeResults(process.argv.slice(2).join(' ') || 'all');
if (written) console.log(`figures: ${written.json}, ${written.markdown}`);
