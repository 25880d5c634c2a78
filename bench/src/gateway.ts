import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { startPlatform, type Platform } from '@hiregraph/tools/platform';
import { createTestNamespace, eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, graphqlRequest } from '@hiregraph/platform/testing/subgraph';
import { benchFixedRate } from './gateway-fixed-rate.js';

/**
 * `npm run bench -- gateway`: our gateway against Hive Gateway (one process, same supergraph, same
 * subgraphs) and against the jobs subgraph called directly, under autocannon. The subgraphs start
 * once; the targets take turns within each round (interleaved), so a machine shared with other work
 * slows them alike. Medians over the rounds go to the console and to bench/results/<date>.json and
 * .md. BENCH_BASELINE_GATEWAY=<path to another build's gateway/dist/main.js> adds that build as a
 * target (before/after figures). BENCH_GATEWAY_CPU_PROF=<dir> writes each platform process's CPU
 * profile there (node --cpu-prof) when it stops. BENCH_GATEWAY_CASES=<text>[,<text>…] runs only the
 * cases whose name contains one of them (e.g. `50 users`). Then the cross-subgraph query for 50
 * users at a fixed rate, ours and Hive (gateway-fixed-rate.ts); `npm run bench -- gateway-rate`
 * runs that alone.
 */
const ROUNDS = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_GATEWAY_CONNECTIONS ?? 16);
const USERS = 50;
const JOBS = 25;
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = join(REPOSITORY, 'bench', 'results');

const CROSS_SUBGRAPH = `query Dashboard {
  me { id fullName }
  myResumes(first: 5) { nodes { id title } }
  jobs(first: 5) { nodes { id title company } }
}`;
const PUBLIC_JOBS = 'query PublicJobs { jobs(first: 20) { nodes { id title company } totalCount } }';

interface Target {
  name: string;
  url: string;
}

interface Case {
  name: string;
  query: string;
  /** Authorization header values taken in turn, one per request; none: anonymous. */
  tokens: string[];
  targets: Target[];
}

interface Run {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Figures extends Run {
  rounds: Run[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}): ${output()}`);
    try {
      return (await fetch(url)).ok || undefined;
    } catch {
      return undefined;
    }
  }, 60_000);
}

function spawnService(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, output: () => output, stop };
}

/** Hive Gateway on the committed supergraph, its subgraph URLs pointed at the running subgraphs. */
async function startHiveGateway(platform: Platform, dir: string) {
  let supergraph = await readFile(join(REPOSITORY, 'schema', 'supergraph.graphql'), 'utf8');
  for (const name of ['users', 'resumes', 'jobs', 'matching'] as const) {
    supergraph = supergraph.replace(
      new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*`),
      `$1${platform.urls[name]}`,
    );
  }
  await writeFile(join(dir, 'supergraph.graphql'), supergraph);
  await writeFile(
    join(dir, 'gateway.config.mjs'),
    `export const gatewayConfig = {
  supergraph: ${JSON.stringify(join(dir, 'supergraph.graphql'))},
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
  },
};
`,
  );
  const port = await freePort();
  const bin = join(REPOSITORY, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const service = spawnService(
    process.execPath,
    [
      bin,
      'supergraph',
      '--config-path',
      join(dir, 'gateway.config.mjs'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { ...process.env, NODE_ENV: 'production', FORK: '1' },
  );
  await waitForHttp(`http://127.0.0.1:${port}/readiness`, service.child, service.output);
  return { url: `http://127.0.0.1:${port}/graphql`, stop: service.stop };
}

/** Another build of our gateway (e.g. main's, copied aside) against the same subgraphs. */
async function startBaselineGateway(platform: Platform, main: string, env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const service = spawnService(process.execPath, [main], {
    ...platform.env,
    ...env,
    GATEWAY_PORT: String(port),
    USERS_URL: platform.urls.users,
    RESUMES_URL: platform.urls.resumes,
    JOBS_URL: platform.urls.jobs,
    MATCHING_URL: platform.urls.matching,
    HIREGRAPH_REPORT_LISTENING: '',
  });
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, service.child, service.output);
  return { url: `http://127.0.0.1:${port}/graphql`, stop: service.stop };
}

async function load(target: Target, testCase: Case): Promise<Run> {
  const url = new URL(target.url);
  let next = 0;
  const result = await autocannon({
    url: url.origin,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: testCase.query }),
        setupRequest: (request) => {
          if (testCase.tokens.length === 0) return request;
          const token = testCase.tokens[next++ % testCase.tokens.length];
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Every target must give the same answer before it is timed, or the race would be unfair. */
async function checkAnswers(testCase: Case): Promise<void> {
  const answers = await Promise.all(
    testCase.targets.map(async (target) => {
      const response = await graphqlRequest(
        target.url,
        testCase.query,
        {},
        testCase.tokens[0] ? bearer(testCase.tokens[0]) : {},
      );
      if (response.errors)
        throw new Error(`${target.name} answered errors: ${JSON.stringify(response.errors)}`);
      return JSON.stringify(response.data);
    }),
  );
  if (new Set(answers).size !== 1)
    throw new Error(`targets disagree on ${testCase.name}: ${answers.join(' / ')}`);
}

async function seed(platform: Platform, env: NodeJS.ProcessEnv): Promise<string[]> {
  const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlRequest(platform.urls.gateway, query, variables, token ? bearer(token) : {});
  const register = async (email: string): Promise<string> =>
    (
      await gateway('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', {
        i: { email, password: 'benchmark passphrase 1', fullName: 'Bench User' },
      })
    ).data.register.accessToken;
  await register('bench-gateway-admin@example.com');
  await promisify(execFile)(
    process.execPath,
    [join(REPOSITORY, 'subgraphs/users/dist/admin/admin-cli.js'), 'grant', 'bench-gateway-admin@example.com'],
    { env: { ...process.env, ...env } },
  );
  const admin = (
    await gateway('mutation ($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { email: 'bench-gateway-admin@example.com', password: 'benchmark passphrase 1' },
    })
  ).data.login.accessToken as string;
  for (let i = 0; i < JOBS; i += 1) {
    await gateway(
      'mutation ($i: PostJobInput!) { postJob(input: $i) { id } }',
      {
        i: {
          title: `Engineer ${i}`,
          company: 'Acme',
          requiredSkills: ['TypeScript'],
          description: 'TypeScript and PostgreSQL services for our platform.',
        },
      },
      admin,
    );
  }
  const tokens: string[] = [];
  for (let i = 0; i < USERS; i += 8) {
    const batch = Array.from({ length: Math.min(8, USERS - i) }, (_, j) =>
      register(`bench-gw-${i + j}@example.com`),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  await gateway(
    'mutation ($d: JSON!) { importJsonResume(title: "CV", document: $d) { id } }',
    {
      d: {
        work: [{ name: 'Acme', position: 'Engineer', startDate: '2019-01-01' }],
        skills: [{ name: 'Go' }],
      },
    },
    tokens[0],
  );
  // Jobs are listed once the jobs subgraph has them all.
  await eventually(async () => {
    const res = await gateway(PUBLIC_JOBS);
    return (res.data?.jobs?.totalCount ?? 0) >= JOBS || undefined;
  });
  return tokens;
}

const ratio = (ours: number, other: number | undefined) => (other ? (ours / other).toFixed(2) : '—');

export async function benchGateway(options: { fixedRateOnly?: boolean } = {}): Promise<void> {
  const ns = createTestNamespace('benchgw');
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-bench-gateway-'));
  const platform = await startPlatform({
    ports: 'auto',
    env: {
      ...ns.env,
      REGISTRATIONS_PER_IP_PER_HOUR: '100000',
      LOG_LEVEL: 'warn',
      // `ours` is compared uncached with the other gateways; `ours, cached` has the response cache on.
      RESPONSE_CACHE: 'off',
      ...(process.env.BENCH_GATEWAY_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_GATEWAY_CPU_PROF}` }
        : {}),
    },
    output: () => {},
  });
  const stops: (() => Promise<void>)[] = [];
  try {
    const tokens = await seed(platform, ns.env);
    const hive = await startHiveGateway(platform, dir);
    stops.push(hive.stop);
    const gateways: Target[] = [
      { name: 'ours', url: platform.urls.gateway },
      { name: 'hive', url: hive.url },
    ];
    const baselineMain = process.env.BENCH_BASELINE_GATEWAY;
    if (baselineMain) {
      const baseline = await startBaselineGateway(platform, baselineMain);
      stops.push(baseline.stop);
      gateways.push({ name: 'baseline', url: baseline.url });
    }
    // The same build with the response cache on: anonymous answers from Redis, subgraphs not called.
    const cached = await startBaselineGateway(platform, join(REPOSITORY, 'gateway', 'dist', 'main.js'), {
      RESPONSE_CACHE: 'on',
    });
    stops.push(cached.stop);
    const allCases: Case[] = [
      { name: 'cross-subgraph, one token', query: CROSS_SUBGRAPH, tokens: [tokens[0]], targets: gateways },
      { name: 'cross-subgraph, 50 users', query: CROSS_SUBGRAPH, tokens, targets: gateways },
      {
        name: 'anonymous jobs(first: 20)',
        query: PUBLIC_JOBS,
        tokens: [],
        targets: [
          ...gateways,
          { name: 'ours, cached', url: cached.url },
          { name: 'direct', url: platform.urls.jobs },
        ],
      },
    ];
    const wanted = process.env.BENCH_GATEWAY_CASES?.split(',').map((text) => text.trim());
    const cases = allCases.filter((c) => !wanted || wanted.some((text) => c.name.includes(text)));
    for (const testCase of cases.filter((c) => c.name !== 'cross-subgraph, 50 users'))
      await checkAnswers(testCase);
    const fixedRate = () =>
      benchFixedRate('cross-subgraph, 50 users', CROSS_SUBGRAPH, tokens, gateways.slice(0, 2));
    if (options.fixedRateOnly) {
      console.log(`\n${(await fixedRate()).table}\n`);
      return;
    }

    const runs = new Map<string, Run[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const testCase of cases) {
        // Rotated each round, so no target always runs right after the same neighbour.
        const order = testCase.targets.map((_, i) => testCase.targets[(i + round) % testCase.targets.length]);
        for (const target of order) {
          const run = await load(target, testCase);
          const key = `${testCase.name}\u0000${target.name}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          console.log(
            `round ${round + 1}/${ROUNDS} ${testCase.name} · ${target.name}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${run.errors}`,
          );
        }
      }
    }

    const results = cases.map((testCase) => {
      const figures: Record<string, Figures> = {};
      for (const target of testCase.targets) {
        const rounds = runs.get(`${testCase.name}\u0000${target.name}`) ?? [];
        figures[target.name] = {
          requestsPerSecond: median(rounds.map((run) => run.requestsPerSecond)),
          p50: median(rounds.map((run) => run.p50)),
          p99: median(rounds.map((run) => run.p99)),
          errors: rounds.reduce((sum, run) => sum + run.errors, 0),
          rounds,
        };
      }
      return { case: testCase.name, query: testCase.query, figures };
    });
    const table = [
      `Gateway bench, ${new Date().toISOString()}: ${ROUNDS} interleaved rounds of ${SECONDS} s per target, ${CONNECTIONS} connections (autocannon); medians. The machine may be shared: compare ratios within a run.`,
      '',
      '| case | target | req/s | p50 ms | p99 ms | errors | ours/target (req/s) |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...results.flatMap(({ case: name, figures }) =>
        Object.entries(figures).map(
          ([target, f]) =>
            `| ${name} | ${target} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.errors} | ${target === 'ours' ? '' : ratio(figures.ours.requestsPerSecond, f.requestsPerSecond)} |`,
        ),
      ),
    ].join('\n');
    const rate = await fixedRate();
    console.log(`\n${table}\n\n${rate.table}\n`);
    await mkdir(RESULTS, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const settings = {
      rounds: ROUNDS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      baseline: baselineMain ?? null,
    };
    await writeFile(
      join(RESULTS, `gateway-${stamp}.json`),
      `${JSON.stringify({ settings, results, fixedRate: rate.runs }, null, 2)}\n`,
    );
    await writeFile(join(RESULTS, `gateway-${stamp}.md`), `${table}\n\n${rate.table}\n`);
    console.log(`written to bench/results/gateway-${stamp}.json and .md`);
  } finally {
    await Promise.allSettled(stops.map((stop) => stop()));
    await platform.stopAll();
    await ns.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}
