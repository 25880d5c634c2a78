import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { LocalEmbeddingProvider } from '@hiregraph/ai/local-embeddings';
import { openServiceDatabase } from '@hiregraph/platform/db/database';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { migrations } from '../migrations/index.js';
import { lexicalQuery, reciprocalRankFusion, RRF_K, upsertJobEmbeddings } from './candidates.js';
import { candidateOpenJobs, lexicalOpenJobs, lexicalTermsOf } from './search.js';
import { pgQueryableOf } from '@hiregraph/platform/db/pg-queryable';

const provider = new LocalEmbeddingProvider();
const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

const POSTINGS: { title: string; required: string[]; description: string }[] = [
  {
    title: 'Backend Engineer',
    required: ['TypeScript', 'PostgreSQL'],
    description: 'Build APIs and services on Node.js and Kafka.',
  },
  {
    title: 'Registered Nurse',
    required: ['BLS'],
    description: 'Patient care in the ICU, medication administration.',
  },
  {
    title: 'Platform Team',
    required: [],
    // Few words the vector sees as backend-like, but it names the resume's rare skill: found by text.
    description: 'Our group looks after Terraform modules. Zeppelin notebooks welcome.',
  },
  { title: 'Account Executive', required: ['Salesforce'], description: 'Cold calling and closing deals.' },
];

let ns: TestNamespace;
let orm: MikroORM;

const inTransaction = <T>(work: (tx: EntityManager) => Promise<T>) =>
  (orm.em.fork() as EntityManager).transactional(work);

beforeAll(async () => {
  ns = createTestNamespace('matchlex');
  orm = (await openServiceDatabase({
    serverUrl: ns.config.DATABASE_URL,
    dbName: `${ns.name}_matching`,
    entities: [],
    migrations,
    logger: createLogger('test', 'warn'),
  })) as unknown as MikroORM;
  const em = orm.em.fork() as EntityManager;
  for (const [index, posting] of POSTINGS.entries()) {
    await em.execute(
      `insert into job_profiles (job_id, title, required_skills, description, updated_at)
       values (?, ?, ?::text[], ?, now())`,
      [id(index), posting.title, `{${posting.required.join(',')}}`, posting.description],
    );
  }
  const texts = POSTINGS.map((p) => `${p.title}\n${p.required.join(', ')}\n${p.description}`);
  const vectors = await provider.embed(texts);
  await upsertJobEmbeddings(
    pgQueryableOf(em),
    vectors.map((embedding, i) => ({
      jobId: id(i),
      model: provider.model,
      embedding,
      contentHash: createHash('sha256').update(texts[i]).digest('hex'),
    })),
  );
}, 120_000);

afterAll(async () => {
  await orm?.close();
  await ns?.cleanup();
});

describe('reciprocal rank fusion', () => {
  it('ranks what both channels found above what one found, deterministically', () => {
    const fused = reciprocalRankFusion(['a', 'b', 'c'], ['c', 'd']);
    expect(fused.map((c) => c.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused[0]).toEqual({
      id: 'c',
      vectorRank: 3,
      lexicalRank: 1,
      fused: 1 / (RRF_K + 3) + 1 / (RRF_K + 1),
    });
    expect(fused.find((c) => c.id === 'd')).toMatchObject({ vectorRank: null, lexicalRank: 2 });
    expect(reciprocalRankFusion(['a', 'b', 'c'], ['c', 'd'])).toEqual(fused);
  });
});

describe('lexicalQuery', () => {
  it('ORs plain words only, so no tsquery operator from a resume gets through', () => {
    expect(lexicalQuery(['Node.js', 'C++', "O'Reilly & co | !x:*", 'Senior Backend Engineer', 'node'])).toBe(
      'node | js | reilly | co | backend',
    );
    expect(lexicalQuery(['!', '&', '42'])).toBe('');
  });
});

describe('the lexical channel on PostgreSQL full text', () => {
  it('finds open postings by title and skills, title words weighing most', async () => {
    const found = await inTransaction((tx) => lexicalOpenJobs(tx, ['Backend Engineer', 'PostgreSQL'], 10));
    expect(found[0].id).toBe(id(0));
    expect(found.map((row) => row.id)).not.toContain(id(1));
    expect(await inTransaction((tx) => lexicalOpenJobs(tx, ['!&|'], 10))).toEqual([]);
  });

  it('keeps the search vector current when a posting changes and leaves out closed postings', async () => {
    await inTransaction((tx) =>
      tx.execute(`update job_profiles set title = 'Zookeeper' where job_id = ?`, [id(3)]),
    );
    expect((await inTransaction((tx) => lexicalOpenJobs(tx, ['zookeeper'], 10))).map((r) => r.id)).toEqual([
      id(3),
    ]);
    await inTransaction((tx) =>
      tx.execute(`update job_profiles set closed_at = now() where job_id = ?`, [id(3)]),
    );
    expect(await inTransaction((tx) => lexicalOpenJobs(tx, ['zookeeper'], 10))).toEqual([]);
  });

  it('fuses both channels: a posting only the text names joins the candidates with its cosine', async () => {
    const [vector] = await provider.embed(['Senior backend engineer: TypeScript services on PostgreSQL']);
    const terms = lexicalTermsOf({
      resumeId: 'r',
      ownerId: 'o',
      markdown: '',
      skills: ['TypeScript', 'Terraform'],
      titles: ['Senior Backend Engineer'],
      chunks: [],
    });
    const candidates = await inTransaction((tx) => candidateOpenJobs(tx, provider.model, vector, terms, 10));
    expect(candidates[0]).toMatchObject({ id: id(0), vectorRank: 1, lexicalRank: 1 });
    const platform = candidates.find((c) => c.id === id(2));
    expect(platform?.lexicalRank).not.toBeNull();
    expect(platform?.similarity).toBeGreaterThan(-1);
    // The nurse posting shares no word with the resume: only the vector channel may propose it.
    expect(candidates.find((c) => c.id === id(1))?.lexicalRank ?? null).toBeNull();
  });
});
