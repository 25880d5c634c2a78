/**
 * Candidate search inside the caller's transaction (so the planner settings stay local to it).
 * Vector channel: nearest neighbours, jobs for a resume's query vector and resumes for a job's
 * vector (HNSW with pgvector's iterative scan, so the filters (model, open) never starve the result;
 * see candidates.ts for the measurements). Lexical channel: PostgreSQL full text over the postings
 * (job_profiles.search_vector, GIN) for the resume's skills and titles. The two are fused with
 * reciprocal rank fusion before ranking.ts scores the candidates.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { toPgVector } from '@hiregraph/ai/embeddings';
import { INDEXED_VECTOR_DIMENSIONS } from '../migrations/20261228000000_word_vectors_text_search.js';
import { DEFAULT_EF_SEARCH, lexicalQuery, reciprocalRankFusion, type FusedCandidate } from './candidates.js';
import type { OwnerPreferences, ResumeProfile } from './profiles.js';
import { pgArray } from './projections.js';

export interface Neighbour {
  id: string;
  similarity: number;
}

async function nearest(
  tx: EntityManager,
  table: 'job_embeddings' | 'resume_vectors',
  idColumn: 'job_id' | 'resume_id',
  extraFilter: string,
  model: string,
  vector: number[],
  k: number,
): Promise<Neighbour[]> {
  const dims = vector.length;
  if (!(INDEXED_VECTOR_DIMENSIONS as readonly number[]).includes(dims)) {
    throw new Error(`No HNSW index for ${dims}-dimensional vectors`);
  }
  await tx.execute(`set local hnsw.ef_search = ${Math.max(k, DEFAULT_EF_SEARCH)}`);
  await tx.execute('set local hnsw.iterative_scan = relaxed_order');
  const distance = `(embedding::vector(${dims})) <=> ?::vector(${dims})`;
  const literal = toPgVector(vector);
  const rows = await tx.execute<{ id: string; distance: number }[]>(
    `select id, distance from (
       select ${idColumn} as id, ${distance} as distance from ${table}
       where dims = ${dims} and model = ? ${extraFilter}
       order by ${distance} limit ?
     ) nearest order by distance`,
    [literal, model, literal, k],
  );
  return rows.map((row) => ({ id: row.id, similarity: 1 - Number(row.distance) }));
}

export const nearestOpenJobs = (tx: EntityManager, model: string, vector: number[], k: number) =>
  nearest(tx, 'job_embeddings', 'job_id', 'and open', model, vector, k);

export const nearestResumes = (tx: EntityManager, model: string, vector: number[], k: number) =>
  nearest(tx, 'resume_vectors', 'resume_id', '', model, vector, k);

export async function vectorOf(
  tx: EntityManager,
  table: 'job_embeddings' | 'resume_vectors',
  idColumn: 'job_id' | 'resume_id',
  id: string,
  model: string,
): Promise<number[] | null> {
  const [row] = await tx.execute<{ embedding: string }[]>(
    `select embedding::text as embedding from ${table} where ${idColumn} = ? and model = ?`,
    [id, model],
  );
  return row ? row.embedding.slice(1, -1).split(',').map(Number) : null;
}

/**
 * Open postings whose text matches any of `terms` (a resume's skills and titles), best first by
 * ts_rank: title words weigh most, then required and preferred skills, then the description; the
 * rank is divided by 1 + log(length) so a long posting does not win by listing everything.
 */
export async function lexicalOpenJobs(
  tx: EntityManager,
  terms: readonly string[],
  k: number,
): Promise<Neighbour[]> {
  const query = lexicalQuery(terms);
  if (query === '') return [];
  const rows = await tx.execute<{ id: string; rank: number }[]>(
    `select p.job_id as id, ts_rank(p.search_vector, q.query, 1) as rank
     from job_profiles p, to_tsquery('english', ?) q(query)
     where p.closed_at is null and p.search_vector @@ q.query
     order by rank desc, p.job_id limit ?`,
    [query, k],
  );
  return rows.map((row) => ({ id: row.id, similarity: Number(row.rank) }));
}

/** Cosine similarity of `vector` to each listed open posting's vector of `model` (exact). */
export async function similarityToJobs(
  tx: EntityManager,
  model: string,
  vector: number[],
  jobIds: readonly string[],
): Promise<Map<string, number>> {
  if (jobIds.length === 0) return new Map();
  const rows = await tx.execute<{ job_id: string; similarity: number }[]>(
    `select job_id, 1 - (embedding <=> ?::vector) as similarity from job_embeddings
     where job_id = any(?::uuid[]) and model = ? and dims = ? and open`,
    [toPgVector(vector), pgArray(jobIds), model, vector.length],
  );
  return new Map(rows.map((row) => [row.job_id, Number(row.similarity)]));
}

/** How many postings each channel proposes before fusion. */
export const VECTOR_CHANNEL_SIZE = 300;
export const LEXICAL_CHANNEL_SIZE = 150;

/**
 * Candidate postings for a resume from both channels, fused (RRF), at most `k`, each with its cosine
 * similarity (computed exactly for postings only the lexical channel found; a posting without a
 * vector of `model` yet is left out, as it would be from the vector channel).
 */
export async function candidateOpenJobs(
  tx: EntityManager,
  model: string,
  vector: number[],
  terms: readonly string[],
  k: number,
): Promise<(FusedCandidate & { similarity: number })[]> {
  const byVector = await nearestOpenJobs(tx, model, vector, VECTOR_CHANNEL_SIZE);
  const byText = await lexicalOpenJobs(tx, terms, LEXICAL_CHANNEL_SIZE);
  const similarity = new Map(byVector.map((n) => [n.id, n.similarity]));
  const missing = byText.map((n) => n.id).filter((id) => !similarity.has(id));
  for (const [id, value] of await similarityToJobs(tx, model, vector, missing)) similarity.set(id, value);
  return reciprocalRankFusion(
    byVector.map((n) => n.id),
    byText.map((n) => n.id),
  )
    .filter((candidate) => similarity.has(candidate.id))
    .slice(0, k)
    .map((candidate) => ({ ...candidate, similarity: similarity.get(candidate.id)! }));
}

/** What the lexical channel searches for: the resume's skills and the titles held or wanted. */
export function lexicalTermsOf(resume: ResumeProfile, preferences?: OwnerPreferences | null): string[] {
  return [...(preferences?.desiredTitles ?? []), ...resume.titles.slice(0, 2), ...resume.skills];
}
