import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { LOCAL_EMBEDDING_DIMENSIONS, LocalEmbeddingProvider } from '@hiregraph/ai/local-embeddings';
import { openServiceDatabase } from '@hiregraph/platform/db/database';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace } from '@hiregraph/platform/testing/namespace';
import { migrations } from '@hiregraph/subgraph-matching/migrations/index';
import { nearestJobs, rankCandidates } from '@hiregraph/subgraph-matching/matches/candidates';
import { prepareResume } from '@hiregraph/subgraph-matching/matches/ranking';
import type { JobProfile } from '@hiregraph/subgraph-matching/matches/profiles';
import { benchEmbeddings } from './embeddings.js';
import { recordFigure, recordLatencies } from './results.js';

/**
 * Vector search in the matching database: top-20 latency and recall@20 against exact search at
 * 10k and 100k job vectors of the local provider's size (after the embedding model's own figures), at a few `hnsw.ef_search` values, plus
 * the cost of re-ranking candidates. Vectors are clustered (centroid + noise, generated inside
 * PostgreSQL), like postings that fall into professions and specialities.
 */
const SIZES = (process.env.BENCH_MATCHING_SIZES ?? '10000,100000').split(',').map(Number);
const EF_VALUES = (process.env.BENCH_MATCHING_EF ?? '40,100').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_MATCHING_QUERIES ?? 200);
const RECALL_QUERIES = Number(process.env.BENCH_MATCHING_RECALL_QUERIES ?? 40);
// The local provider's size (GloVe 100-d since the word-vector model replaced the 384-d hashing one).
const DIMS = LOCAL_EMBEDDING_DIMENSIONS;
const CLUSTERS = 300;
const K = 20;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function load(client: pg.Client, model: string, count: number): Promise<void> {
  await client.query('truncate job_embeddings');
  await client.query(`drop index if exists job_embeddings_hnsw_${DIMS}`);
  await client.query(`create temporary table if not exists centroids (c int primary key, v vector(${DIMS}))`);
  await client.query('truncate centroids');
  await client.query(
    `insert into centroids select c, l2_normalize(array(select random() - 0.5 from generate_series(1, ${DIMS}) where c >= 0)::vector)
     from generate_series(0, ${CLUSTERS - 1}) c`,
  );
  const started = performance.now();
  await client.query(
    `insert into job_embeddings (job_id, model, dims, embedding, content_hash, open, updated_at)
     select gen_random_uuid(), $1, ${DIMS},
            l2_normalize(ce.v + array(select (random() - 0.5) * 0.12 from generate_series(1, ${DIMS}) where g >= 0)::vector),
            'bench', random() > 0.1, now()
     from generate_series(1, $2) g join centroids ce on ce.c = g % ${CLUSTERS}`,
    [model, count],
  );
  const inserted = performance.now();
  await client.query("set maintenance_work_mem = '512MB'");
  await client.query(
    `create index job_embeddings_hnsw_${DIMS} on job_embeddings using hnsw ((embedding::vector(${DIMS})) vector_cosine_ops) where dims = ${DIMS}`,
  );
  await client.query('analyze job_embeddings');
  recordFigure({
    case: 'matching',
    name: `HNSW build (${count} vectors)`,
    value: Math.round(performance.now() - inserted),
    unit: 'ms',
  });
  console.log(
    `  ${count} vectors: insert ${ms(performance.now() - started - (performance.now() - inserted))}, ` +
      `HNSW build ${ms(performance.now() - inserted)}`,
  );
}

async function queryVectors(client: pg.Client): Promise<number[][]> {
  const { rows } = await client.query(
    `select array(select x::float8 from unnest((l2_normalize(ce.v + array(select (random() - 0.5) * 0.15
       from generate_series(1, ${DIMS}) where q >= 0)::vector))::real[]) x) as v
     from generate_series(1, $1) q join centroids ce on ce.c = (q * 7) % ${CLUSTERS}`,
    [QUERIES],
  );
  return rows.map((row: { v: number[] }) => row.v);
}

function rerankBench(): void {
  const resume = prepareResume({
    resumeId: 'r',
    ownerId: 'o',
    markdown: '',
    skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Kubernetes', 'AWS'],
    titles: ['Senior Backend Engineer'],
    totalYears: 7,
    location: 'Berlin',
    chunks: [
      {
        id: 'a',
        kind: 'experience',
        text: 'Built Node.js services in TypeScript on Postgres, deployed on k8s in AWS.',
      },
      { id: 'b', kind: 'skills', text: 'TypeScript, Node.js, PostgreSQL, Kubernetes, AWS' },
    ],
  });
  const skillPool = [
    'TypeScript',
    'Go',
    'Python',
    'React',
    'Kubernetes',
    'Terraform',
    'Salesforce',
    'nursing',
    'SQL',
    'Java',
  ];
  const candidates = Array.from({ length: 100 }, (_, i) => ({
    similarity: 0.2 + (i % 10) / 20,
    job: {
      jobId: `job-${i}`,
      title:
        i % 3 === 0 ? 'Backend Engineer' : i % 3 === 1 ? 'Account Executive' : 'Senior Platform Engineer',
      location: 'Berlin',
      remote: 'HYBRID',
      requiredSkills: [skillPool[i % 10], skillPool[(i + 3) % 10], skillPool[(i + 5) % 10]],
      preferredSkills: [skillPool[(i + 7) % 10]],
      description:
        'Build and run services with a small team; own the design, the code and its operation end to end.',
    } satisfies JobProfile,
  }));
  for (let i = 0; i < 5; i++)
    rankCandidates(resume, candidates, { model: new LocalEmbeddingProvider().model });
  const runs = 50;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rankCandidates(resume, candidates, { model: new LocalEmbeddingProvider().model });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  recordLatencies('matching', 're-ranking 100 candidates', times, [0.5, 0.99]);
  console.log(
    `  re-ranking 100 candidates (prepare jobs + hybrid score + evidence): p50 ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))}`,
  );
}

export async function benchMatching(): Promise<void> {
  await benchEmbeddings();
  console.log(`matching: vector search (pgvector HNSW, cosine, ${DIMS}-d, top 20, open-postings filter)`);
  const ns = createTestNamespace('benchmatch');
  const dbName = `${ns.name}_matching`;
  const orm = await openServiceDatabase({
    serverUrl: ns.config.DATABASE_URL,
    dbName,
    entities: [],
    migrations,
    logger: createLogger('bench', 'warn'),
  });
  const client = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${dbName}` });
  await client.connect();
  const model = new LocalEmbeddingProvider().model;
  try {
    for (const size of SIZES) {
      await load(client, model, size);
      const queries = await queryVectors(client);
      const exact = new Map<number, Set<string>>();
      for (let q = 0; q < RECALL_QUERIES; q++) {
        const rows = await nearestJobs(client, { model, vector: queries[q], k: K, exact: true });
        exact.set(q, new Set(rows.map((row) => row.jobId)));
      }
      for (const efSearch of EF_VALUES) {
        for (let q = 0; q < 20; q++) await nearestJobs(client, { model, vector: queries[q], k: K, efSearch }); // warm-up
        const latencies: number[] = [];
        let found = 0;
        for (let q = 0; q < queries.length; q++) {
          const t0 = performance.now();
          const rows = await nearestJobs(client, { model, vector: queries[q], k: K, efSearch });
          latencies.push(performance.now() - t0);
          const truth = exact.get(q);
          if (truth) found += rows.filter((row) => truth.has(row.jobId)).length;
        }
        latencies.sort((a, b) => a - b);
        recordLatencies('matching', `top-${K} (${size} jobs, ef_search ${efSearch})`, latencies, [0.5, 0.99]);
        recordFigure({
          case: 'matching',
          name: `recall@${K} (${size} jobs, ef_search ${efSearch})`,
          value: Number((found / (RECALL_QUERIES * K)).toFixed(3)),
          unit: 'ratio',
        });
        console.log(
          `  ${size} jobs, ef_search ${efSearch}: p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}, ` +
            `recall@${K} ${(found / (RECALL_QUERIES * K)).toFixed(3)} (${queries.length} queries, recall over ${RECALL_QUERIES})`,
        );
      }
    }
    rerankBench();
  } finally {
    await client.end();
    await orm.close();
    await ns.cleanup();
  }
}
