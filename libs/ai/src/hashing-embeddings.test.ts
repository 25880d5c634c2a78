import { cosineSimilarity, createEmbeddingProvider, fromPgVector, toPgVector } from './embeddings.js';
import { HASHING_EMBEDDING_DIMENSIONS, HashingEmbeddingProvider } from './hashing-embeddings.js';

const provider = new HashingEmbeddingProvider();
const embed = (text: string) => provider.embedOne(text);
const similarity = (a: string, b: string) => cosineSimilarity(embed(a), embed(b));

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

describe('HashingEmbeddingProvider', () => {
  it('is deterministic, unit length and of the declared size', async () => {
    const [first, second] = await provider.embed([BACKEND_RESUME, BACKEND_RESUME]);
    expect(first).toHaveLength(HASHING_EMBEDDING_DIMENSIONS);
    expect(first).toEqual(second);
    expect(new HashingEmbeddingProvider().embedOne(BACKEND_RESUME)).toEqual(first);
    const norm = Math.sqrt(first.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 10);
    expect(provider.model).toMatch(/^local-hashing-v1-t\d+$/);
  });

  it('gives an empty text a unit vector instead of zeros', () => {
    const vector = embed('');
    expect(Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 10);
  });

  it('puts skill aliases on the same features', () => {
    expect(similarity('Kubernetes', 'k8s')).toBeCloseTo(1, 6);
    expect(
      similarity('Experience with Postgres and golang', 'Experience with PostgreSQL and Go'),
    ).toBeGreaterThan(0.99);
    expect(similarity('Kubernetes', 'Photoshop')).toBeLessThan(0.2);
  });

  it('gives implied skills partial credit', () => {
    // Next.js implies React, which implies JavaScript.
    expect(similarity('Next.js', 'React')).toBeGreaterThan(similarity('Next.js', 'Django'));
  });

  it('ranks a matching posting above neighbouring and unrelated disciplines', () => {
    const backend = similarity(BACKEND_RESUME, BACKEND_JOB);
    const frontend = similarity(BACKEND_RESUME, FRONTEND_JOB);
    const sales = similarity(BACKEND_RESUME, SALES_JOB);
    const nursing = similarity(BACKEND_RESUME, NURSING_JOB);
    expect(backend).toBeGreaterThan(0.5);
    expect(backend).toBeGreaterThan(frontend + 0.2);
    expect(frontend).toBeGreaterThan(sales);
    expect(sales).toBeLessThan(0.15);
    expect(nursing).toBeLessThan(0.15);
  });

  it('does not let shared boilerplate make unrelated postings close', () => {
    const boilerplate =
      'We are looking for a strong team player with 5 years of experience to join our team.';
    expect(similarity(`${boilerplate} ${SALES_JOB}`, `${boilerplate} ${NURSING_JOB}`)).toBeLessThan(0.25);
  });

  it('is what the environment selects with EMBEDDINGS_PROVIDER=hashing', () => {
    expect(createEmbeddingProvider({ EMBEDDINGS_PROVIDER: 'hashing' })).toBeInstanceOf(
      HashingEmbeddingProvider,
    );
    expect(() => createEmbeddingProvider({ EMBEDDINGS_PROVIDER: 'bogus' })).toThrow();
  });

  it('round-trips the pgvector text form', () => {
    expect(fromPgVector(toPgVector([0.5, -1, 0]))).toEqual([0.5, -1, 0]);
  });
});
