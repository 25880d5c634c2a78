import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { LocalEmbeddingProvider } from '@hiregraph/ai/local-embeddings';
import { openServiceDatabase } from '@hiregraph/platform/db/database';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace } from '@hiregraph/platform/testing/namespace';
import { migrations } from '@hiregraph/subgraph-matching/migrations/index';
import { nearestJobs, upsertJobEmbeddings } from '@hiregraph/subgraph-matching/matches/candidates';
import { recordFigure } from './results.js';

/**
 * The `matching-scale` case (issue #21 item 4): top-20 matching at N postings (200,000 by default)
 * in a matching database built by the subgraph's own migrations. Posting texts are generated from a
 * vocabulary of professions (title, skills, duties, place) and embedded with the real local
 * embedder (GloVe 100-d + SIF); the vectors are bulk-loaded into `job_embeddings` (multi-row
 * inserts, the subgraph's `upsertJobEmbeddings`) without the HNSW index, which is then built with
 * the migration's definition and timed. Figures: embedding and load rate, index build time and
 * size, top-20 query p50/p99 through the subgraph's `nearestJobs` for resume vectors (also
 * generated text, embedded), and recall@20 against exact search (a sequential scan by distance).
 */
export interface MatchingScaleFigures {
  postings: number;
  queries: number;
  embedPerSecond: number;
  loadPerSecond: number;
  indexBuildSeconds: number;
  indexSizeMb: number;
  queryP50: number;
  queryP99: number;
  exactP50: number;
  recallAt20: number;
}

const CASE = 'matching-scale';
const K = 20;
const BATCH = 1_000;
const INDEX = 'job_embeddings_hnsw_100';
const MAINTENANCE_WORK_MEM = process.env.BENCH_MAINTENANCE_WORK_MEM ?? '512MB';

interface Profession {
  titles: string[];
  skills: string[];
  duties: string[];
}

const PROFESSIONS: Profession[] = [
  {
    titles: ['Backend Engineer', 'Software Engineer', 'Platform Engineer', 'API Developer'],
    skills: [
      'TypeScript',
      'Node.js',
      'Go',
      'Java',
      'PostgreSQL',
      'Redis',
      'Kafka',
      'Kubernetes',
      'AWS',
      'GraphQL',
    ],
    duties: [
      'design and operate distributed services',
      'build reliable APIs for partners',
      'own services end to end including on-call',
      'tune slow database queries',
    ],
  },
  {
    titles: ['Frontend Developer', 'UI Engineer', 'Web Developer'],
    skills: ['React', 'TypeScript', 'CSS', 'accessibility', 'Next.js', 'design systems', 'testing'],
    duties: ['build accessible interfaces', 'work closely with designers', 'improve page performance'],
  },
  {
    titles: ['Data Scientist', 'Machine Learning Engineer', 'Data Analyst'],
    skills: ['Python', 'SQL', 'statistics', 'pandas', 'PyTorch', 'experimentation', 'dashboards', 'Spark'],
    duties: ['train and evaluate models', 'analyse product experiments', 'build data pipelines'],
  },
  {
    titles: ['Registered Nurse', 'Intensive Care Nurse', 'Pediatric Nurse'],
    skills: [
      'patient care',
      'medication administration',
      'triage',
      'wound care',
      'electronic health records',
    ],
    duties: ['care for patients on a busy ward', 'coordinate with physicians', 'educate families'],
  },
  {
    titles: ['Account Executive', 'Sales Manager', 'Business Development Representative'],
    skills: ['Salesforce', 'negotiation', 'pipeline management', 'cold calling', 'CRM', 'B2B sales'],
    duties: ['close deals with enterprise customers', 'grow a regional territory', 'meet quarterly quotas'],
  },
  {
    titles: ['Accountant', 'Financial Analyst', 'Controller'],
    skills: ['Excel', 'IFRS', 'budgeting', 'forecasting', 'SAP', 'audit', 'tax'],
    duties: [
      'prepare monthly financial statements',
      'build forecasts and budgets',
      'support external audits',
    ],
  },
  {
    titles: ['Marketing Manager', 'Content Marketer', 'SEO Specialist'],
    skills: ['SEO', 'content strategy', 'Google Analytics', 'campaigns', 'copywriting', 'social media'],
    duties: ['plan campaigns across channels', 'write and edit content', 'grow organic traffic'],
  },
  {
    titles: ['Warehouse Supervisor', 'Logistics Coordinator', 'Supply Chain Planner'],
    skills: ['inventory management', 'forklift', 'SAP', 'scheduling', 'shipping', 'procurement'],
    duties: [
      'coordinate inbound and outbound shipments',
      'lead a team of warehouse staff',
      'plan stock levels',
    ],
  },
  {
    titles: ['Teacher', 'Mathematics Teacher', 'Teaching Assistant'],
    skills: ['lesson planning', 'classroom management', 'mathematics', 'curriculum design', 'assessment'],
    duties: ['teach secondary school classes', 'prepare students for exams', 'meet with parents'],
  },
  {
    titles: ['Electrician', 'Site Manager', 'Civil Engineer'],
    skills: [
      'electrical installation',
      'AutoCAD',
      'safety regulations',
      'project scheduling',
      'construction',
    ],
    duties: ['supervise building sites', 'install and maintain wiring', 'plan construction projects'],
  },
  {
    titles: ['Chef', 'Restaurant Manager', 'Hotel Receptionist'],
    skills: [
      'cooking',
      'food safety',
      'menu planning',
      'customer service',
      'reservations',
      'team leadership',
    ],
    duties: ['run a busy kitchen', 'welcome guests at the front desk', 'manage staff rotas'],
  },
  {
    titles: ['Product Designer', 'UX Researcher', 'Graphic Designer'],
    skills: ['Figma', 'user research', 'prototyping', 'typography', 'illustration', 'usability testing'],
    duties: ['design product flows', 'run interviews with users', 'create brand assets'],
  },
];
const SENIORITY = ['Junior', '', 'Senior', 'Lead', 'Principal'];
const INDUSTRIES = [
  'fintech',
  'healthcare',
  'retail',
  'logistics',
  'media',
  'energy',
  'insurance',
  'travel',
  'gaming',
  'public sector',
  'education',
  'automotive',
];
const BENEFITS = [
  'flexible hours',
  'a pension plan',
  'a learning budget',
  'four-day weeks',
  'gym membership',
  'stock options',
  'parental leave',
  'a company car',
  'free lunch',
  'relocation support',
];
const CITIES = ['Berlin', 'Munich', 'Hamburg', 'Vienna', 'Zurich', 'Amsterdam', 'London', 'Paris', 'remote'];

/** A small seeded generator, so two runs embed the same texts. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

function some<T>(next: () => number, items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, () => pick(next, items));
}

export function postingText(next: () => number): string {
  const profession = pick(next, PROFESSIONS);
  const title = `${pick(next, SENIORITY)} ${pick(next, profession.titles)}`.trim();
  return (
    `${title} in ${pick(next, CITIES)}. You will ${pick(next, profession.duties)} and ${pick(next, profession.duties)}. ` +
    `Requirements: ${1 + Math.floor(next() * 8)}+ years of experience, ${some(next, profession.skills, 3).join(', ')}. ` +
    `Nice to have: ${some(next, profession.skills, 2).join(' and ')}. ` +
    `We are a ${pick(next, INDUSTRIES)} company offering ${some(next, BENEFITS, 2).join(' and ')}.`
  );
}

export function resumeText(next: () => number): string {
  const profession = pick(next, PROFESSIONS);
  return (
    `${pick(next, SENIORITY)} ${pick(next, profession.titles)} with ${1 + Math.floor(next() * 12)} years of experience ` +
    `who likes to ${pick(next, profession.duties)}. Skills: ${some(next, profession.skills, 5).join(', ')}. Based in ${pick(next, CITIES)}.`
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function benchMatchingScale(postings: number, queryCount = 200): Promise<MatchingScaleFigures> {
  const ns = createTestNamespace('benchscale');
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
  const provider = new LocalEmbeddingProvider();
  await provider.warm();
  const model = provider.model;
  try {
    // Load without the index (built once afterwards, as a bulk load would).
    await client.query(`drop index if exists ${INDEX}`);
    const next = random(42);
    let embedMs = 0;
    let insertMs = 0;
    for (let start = 0; start < postings; start += BATCH) {
      const texts = Array.from({ length: Math.min(BATCH, postings - start) }, () => postingText(next));
      let t0 = performance.now();
      const vectors = await provider.embed(texts);
      embedMs += performance.now() - t0;
      t0 = performance.now();
      await upsertJobEmbeddings(
        client,
        vectors.map((embedding, i) => ({
          jobId: randomUUID(),
          model,
          embedding,
          contentHash: `bench-${start + i}`,
          // About one posting in ten is closed: the open-postings filter has something to skip.
          open: next() > 0.1,
        })),
      );
      insertMs += performance.now() - t0;
    }
    // Enough for the 200k graph to be built in memory (the 64 MB default spills and is far slower).
    await client.query(`set maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
    const t0 = performance.now();
    await client.query(
      `create index ${INDEX} on job_embeddings using hnsw ((embedding::vector(100)) vector_cosine_ops) where dims = 100`,
    );
    const indexBuildSeconds = (performance.now() - t0) / 1000;
    await client.query('analyze job_embeddings');
    const { rows: sizeRows } = await client.query(`select pg_relation_size('${INDEX}') as bytes`);
    const indexSizeMb = Number(sizeRows[0].bytes) / 1048576;

    const resumes = await provider.embed(Array.from({ length: queryCount }, () => resumeText(next)));
    for (const vector of resumes.slice(0, 20)) await nearestJobs(client, { model, vector, k: K }); // warm-up
    const latencies: number[] = [];
    const approximate: { jobId: string; similarity: number }[][] = [];
    for (const vector of resumes) {
      const started = performance.now();
      const rows = await nearestJobs(client, { model, vector, k: K });
      latencies.push(performance.now() - started);
      approximate.push(rows);
    }
    const exactLatencies: number[] = [];
    let found = 0;
    let expected = 0;
    for (const [q, vector] of resumes.entries()) {
      const started = performance.now();
      const truth = await nearestJobs(client, { model, vector, k: K, exact: true });
      exactLatencies.push(performance.now() - started);
      // Generated texts repeat, so ties at the k-th distance are common: an answer counts when it is
      // at least as near as the exact k-th (not only when it is the same id among equals).
      const kth = truth.at(-1)?.similarity ?? Infinity;
      expected += truth.length;
      found += Math.min(truth.length, approximate[q].filter((row) => row.similarity >= kth - 1e-6).length);
    }
    latencies.sort((a, b) => a - b);
    exactLatencies.sort((a, b) => a - b);
    const figures: MatchingScaleFigures = {
      postings,
      queries: queryCount,
      embedPerSecond: postings / (embedMs / 1000),
      loadPerSecond: postings / (insertMs / 1000),
      indexBuildSeconds,
      indexSizeMb,
      queryP50: percentile(latencies, 0.5),
      queryP99: percentile(latencies, 0.99),
      exactP50: percentile(exactLatencies, 0.5),
      recallAt20: expected === 0 ? 0 : found / expected,
    };
    const at = `${postings} postings`;
    const record = (name: string, value: number, unit: string, digits = 2) =>
      recordFigure({ case: CASE, name: `${name} (${at})`, value: Number(value.toFixed(digits)), unit });
    record('embedding posting texts (GloVe 100-d + SIF)', figures.embedPerSecond, 'postings/s', 0);
    record('bulk load into job_embeddings (multi-row insert)', figures.loadPerSecond, 'rows/s', 0);
    record(`HNSW index build (maintenance_work_mem ${MAINTENANCE_WORK_MEM})`, indexBuildSeconds, 's');
    record('HNSW index size', indexSizeMb, 'MB');
    record(`top-${K} query p50 (HNSW, ${queryCount} resume vectors)`, figures.queryP50, 'ms');
    record(`top-${K} query p99 (HNSW, ${queryCount} resume vectors)`, figures.queryP99, 'ms');
    record(`top-${K} exact query p50 (sequential scan)`, figures.exactP50, 'ms');
    record(`recall@${K} vs exact`, figures.recallAt20, 'ratio', 3);
    console.log(
      `matching-scale, ${at} (100-d, ${model}): embed ${figures.embedPerSecond.toFixed(0)} postings/s, ` +
        `load ${figures.loadPerSecond.toFixed(0)} rows/s; HNSW build ${indexBuildSeconds.toFixed(1)} s, ` +
        `index ${indexSizeMb.toFixed(1)} MB; top-${K} p50 ${figures.queryP50.toFixed(2)} ms, p99 ${figures.queryP99.toFixed(2)} ms ` +
        `(exact scan p50 ${figures.exactP50.toFixed(1)} ms); recall@${K} ${figures.recallAt20.toFixed(3)} over ${queryCount} queries`,
    );
    return figures;
  } finally {
    await client.end();
    await orm.close();
    await ns.cleanup();
  }
}
