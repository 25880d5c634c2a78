import pg from 'pg';
import { createHash } from 'node:crypto';
import { LocalEmbeddingProvider } from '@hiregraph/ai/local-embeddings';
import { openServiceDatabase } from '@hiregraph/platform/db/database';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { migrations } from '../migrations/index.js';
import { nearestJobs, resumeQueryVector, upsertJobEmbeddings } from './candidates.js';

const provider = new LocalEmbeddingProvider();
const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
/** Which of POSTINGS a job id was written from (filler job 6 + i repeats posting i % 6). */
const postingOf = (jobId: string) => {
  const n = Number(jobId.slice(-12));
  return n < 6 ? n : (n - 6) % 6;
};

const POSTINGS = [
  'Backend engineer: Node.js, TypeScript, PostgreSQL, Kafka, Kubernetes on AWS',
  'Registered nurse, ICU: patient care, BLS, ACLS, medication administration',
  'Account executive: Salesforce, cold calling, pipeline management, quota',
  'Frontend developer: React, CSS, accessibility, Storybook',
  'Data scientist: Python, pandas, scikit-learn, statistics, SQL',
  'DevOps engineer: Terraform, Kubernetes, Prometheus, CI/CD',
];

let ns: TestNamespace;
let client: pg.Client;
let close: () => Promise<void>;

beforeAll(async () => {
  ns = createTestNamespace('matchvec');
  const orm = await openServiceDatabase({
    serverUrl: ns.config.DATABASE_URL,
    dbName: `${ns.name}_matching`,
    entities: [],
    migrations,
    logger: createLogger('test', 'warn'),
  });
  close = () => orm.close();
  client = new pg.Client({ connectionString: `${ns.config.DATABASE_URL}/${ns.name}_matching` });
  await client.connect();
  // The six postings plus filler in other words, so the index has a real graph to walk.
  const filler = Array.from(
    { length: 300 },
    (_, i) => `Posting ${i}: ${POSTINGS[i % POSTINGS.length]} team ${i % 17}`,
  );
  const texts = [...POSTINGS, ...filler];
  const vectors = await provider.embed(texts);
  await upsertJobEmbeddings(
    client,
    vectors.map((embedding, i) => ({
      jobId: id(i),
      model: provider.model,
      embedding,
      contentHash: createHash('sha256').update(texts[i]).digest('hex'),
    })),
  );
});

afterAll(async () => {
  await client?.end();
  await close?.();
  await ns?.cleanup();
});

describe('job vector search (pgvector HNSW)', () => {
  it('returns the nearest postings for a resume, through the HNSW index', async () => {
    const chunks = await provider.embed([
      'Senior backend developer: TypeScript and Node services on Postgres, Kafka streams, k8s.',
      'Education: BSc Computer Science',
    ]);
    const query = resumeQueryVector([
      { kind: 'experience', embedding: chunks[0] },
      { kind: 'education', embedding: chunks[1] },
    ]);
    const nearest = await nearestJobs(client, { model: provider.model, vector: query, k: 10 });
    expect(nearest).toHaveLength(10);
    expect(postingOf(nearest[0].jobId)).toBe(0);
    expect(nearest[0].similarity).toBeGreaterThan(0.5);
    expect(nearest.map((row) => postingOf(row.jobId))).not.toContain(1);
    expect(nearest.map((row) => postingOf(row.jobId))).not.toContain(2);
    // Ordered by similarity.
    for (let i = 1; i < nearest.length; i++)
      expect(nearest[i].similarity).toBeLessThanOrEqual(nearest[i - 1].similarity);
    const exact = await nearestJobs(client, { model: provider.model, vector: query, k: 10, exact: true });
    // Ties in similarity may come in either order.
    expect(exact[0].similarity).toBeCloseTo(nearest[0].similarity, 6);
    const plan = await client.query(
      `explain select job_id from job_embeddings where dims = ${query.length} and model = $2 and open
       order by (embedding::vector(${query.length})) <=> $1::vector(${query.length}) limit 10`,
      [`[${query.join(',')}]`, provider.model],
    );
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
      new RegExp(`job_embeddings_hnsw_${query.length}`),
    );
  });

  it('keeps filling results when a filter removes most neighbours (iterative scan)', async () => {
    const [query] = await provider.embed([POSTINGS[1]]);
    // Close every nursing posting but one filler: the filter removes the nearest rows.
    await client.query(`update job_embeddings set open = false where job_id <> $1`, [id(6 + 1)]);
    await client.query(
      `update job_embeddings set open = true where job_id in (select job_id from job_embeddings order by job_id desc limit 30)`,
    );
    const nearest = await nearestJobs(client, { model: provider.model, vector: query, k: 20, efSearch: 20 });
    expect(nearest.length).toBe(20);
    expect(nearest.map((row) => row.jobId)).toContain(id(7));
    const { rows } = await client.query('select job_id from job_embeddings where open');
    const open = new Set(rows.map((row) => row.job_id));
    for (const row of nearest) expect(open.has(row.jobId)).toBe(true);
  });

  it('refuses a vector of a size no index covers, and a row whose size disagrees with dims', async () => {
    await expect(nearestJobs(client, { model: 'x', vector: [1, 0, 0], k: 1 })).rejects.toThrow(
      /No HNSW index/,
    );
    await expect(
      client.query(
        `insert into job_embeddings (job_id, model, dims, embedding, content_hash, updated_at) values ($1, 'x', 384, '[1,0,0]', 'h', now())`,
        [id(9999)],
      ),
    ).rejects.toThrow(/job_embeddings_dims_check/);
  });
});
