/**
 * Candidate retrieval: approximate nearest neighbours over `job_embeddings` (HNSW, cosine) for a
 * resume's query vector, then re-ranking with ranking.ts. Exact search (a sequential scan over
 * the same rows) is kept for measuring recall.
 */
import { normalizeInPlace, toPgVector } from '@hiregraph/ai/embeddings';
import type { JobProfile, OwnerPreferences } from './profiles.js';
import {
  calibrationFor,
  prepareJob,
  rankMatch,
  rescaleCandidateSimilarities,
  type PreparedResume,
  type RankedMatch,
  type RetrievalSignals,
} from './ranking.js';
import { INDEXED_VECTOR_DIMENSIONS } from '../migrations/20261228000000_word_vectors_text_search.js';

/** A pg client or pool client; a search sets transaction-local planner settings, so one connection. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * HNSW candidate list size. Measured in bench/ (100k clustered 384-d jobs, top 20): 40 gives recall@20
 * 0.93, 100 gives 0.993 at p50 4 ms / p99 23 ms (targets 20 / 60 ms).
 */
export const DEFAULT_EF_SEARCH = 100;

export interface JobEmbeddingRow {
  jobId: string;
  model: string;
  embedding: number[];
  contentHash: string;
  open?: boolean;
}

export async function upsertJobEmbeddings(db: Queryable, rows: JobEmbeddingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((row, index) => {
    values.push(
      row.jobId,
      row.model,
      row.embedding.length,
      toPgVector(row.embedding),
      row.contentHash,
      row.open ?? true,
    );
    const base = index * 6;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::vector, $${base + 5}, $${base + 6}, now())`;
  });
  await db.query(
    `insert into job_embeddings (job_id, model, dims, embedding, content_hash, open, updated_at)
     values ${tuples.join(', ')}
     on conflict (job_id, model) do update set dims = excluded.dims, embedding = excluded.embedding,
       content_hash = excluded.content_hash, open = excluded.open, updated_at = excluded.updated_at`,
    values,
  );
}

export interface NearestJob {
  jobId: string;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

export interface NearestOptions {
  model: string;
  vector: number[];
  k: number;
  /** Only open postings (the default). */
  openOnly?: boolean;
  efSearch?: number;
  /** Exact search: a scan comparing every row, for recall measurement. */
  exact?: boolean;
}

function assertIndexed(dims: number): asserts dims is (typeof INDEXED_VECTOR_DIMENSIONS)[number] {
  if (!(INDEXED_VECTOR_DIMENSIONS as readonly number[]).includes(dims)) {
    throw new Error(
      `No HNSW index for ${dims}-dimensional vectors (indexed: ${INDEXED_VECTOR_DIMENSIONS.join(', ')})`,
    );
  }
}

/**
 * The `k` jobs nearest to `vector` in `model`'s space. Filters (model, open) are applied inside the
 * index scan; pgvector 0.8's iterative scan keeps reading the graph until `k` rows pass them, so a
 * filter never starves the result. relaxed_order may return slightly out of order: re-sorted here.
 */
export async function nearestJobs(db: Queryable, options: NearestOptions): Promise<NearestJob[]> {
  const dims = options.vector.length;
  assertIndexed(dims);
  const openFilter = options.openOnly === false ? '' : 'and open';
  const distance = options.exact
    ? `embedding <=> $1::vector`
    : `(embedding::vector(${dims})) <=> $1::vector(${dims})`;
  await db.query('begin');
  try {
    if (options.exact) {
      await db.query('set local enable_indexscan = off');
      await db.query('set local enable_bitmapscan = off');
    } else {
      await db.query(
        `set local hnsw.ef_search = ${Math.max(options.k, Math.floor(options.efSearch ?? DEFAULT_EF_SEARCH))}`,
      );
      await db.query('set local hnsw.iterative_scan = relaxed_order');
    }
    const { rows } = await db.query(
      `select job_id, distance from (
         select job_id, ${distance} as distance from job_embeddings
         where dims = ${dims} and model = $2 ${openFilter}
         order by ${distance} limit $3
       ) nearest order by distance`,
      [toPgVector(options.vector), options.model, options.k],
    );
    await db.query('commit');
    return rows.map((row: { job_id: string; distance: number }) => ({
      jobId: row.job_id,
      similarity: 1 - Number(row.distance),
    }));
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

/**
 * One query vector for a resume: the mean of its chunk vectors, weighted by kind (work and summary
 * say more about the jobs wanted than education or hobbies), normalized.
 */
export function resumeQueryVector(chunks: { kind: string; embedding: number[] }[]): number[] {
  if (chunks.length === 0) throw new Error('A resume without chunks has no query vector');
  const weightOf = (kind: string) =>
    /summary|experience|work|skill/i.test(kind) ? 1 : /project/i.test(kind) ? 0.7 : 0.3;
  const sum = new Array<number>(chunks[0].embedding.length).fill(0);
  for (const chunk of chunks) {
    const weight = weightOf(chunk.kind);
    for (let i = 0; i < sum.length; i++) sum[i] += weight * chunk.embedding[i];
  }
  return normalizeInPlace(sum);
}

export interface RankedCandidate extends RankedMatch {
  jobId: string;
  similarity: number;
}

/** Re-ranks ANN candidates with the hybrid score, best first (ties: higher similarity, then id). */
export function rankCandidates(
  resume: PreparedResume,
  candidates: { job: JobProfile; similarity: number; retrieval?: RetrievalSignals }[],
  options: { model: string; preferences?: OwnerPreferences | null; now?: Date },
): RankedCandidate[] {
  const semantic = rescaleCandidateSimilarities(
    candidates.map((candidate) => candidate.similarity),
    calibrationFor(options.model),
  );
  return candidates
    .map((candidate, index) => ({
      jobId: candidate.job.jobId,
      similarity: candidate.similarity,
      ...rankMatch(resume, prepareJob(candidate.job), {
        semantic: semantic[index],
        preferences: options.preferences,
        retrieval: candidate.retrieval,
        now: options.now,
      }),
    }))
    .sort(
      (left, right) =>
        right.score - left.score ||
        right.similarity - left.similarity ||
        left.jobId.localeCompare(right.jobId),
    );
}

/** RRF's constant: ranks past the first few differ little (Cormack et al., 2009 use 60). */
export const RRF_K = 60;

export interface FusedCandidate {
  id: string;
  /** 1-based position in the vector channel, null when only the lexical channel found it. */
  vectorRank: number | null;
  lexicalRank: number | null;
  /** Σ 1 / (RRF_K + rank) over the channels that found it. */
  fused: number;
}

/**
 * Reciprocal rank fusion of two best-first id lists: a posting both channels rank well beats one
 * only a single channel likes, and neither channel's raw scores (cosine, ts_rank) need to be made
 * comparable. Best first; ties by vector rank, then id, so the order is deterministic.
 */
export function reciprocalRankFusion(
  byVector: readonly string[],
  byText: readonly string[],
): FusedCandidate[] {
  const fused = new Map<string, FusedCandidate>();
  const entry = (id: string) => {
    let candidate = fused.get(id);
    if (!candidate) {
      candidate = { id, vectorRank: null, lexicalRank: null, fused: 0 };
      fused.set(id, candidate);
    }
    return candidate;
  };
  byVector.forEach((id, index) => {
    const candidate = entry(id);
    if (candidate.vectorRank !== null) return;
    candidate.vectorRank = index + 1;
    candidate.fused += 1 / (RRF_K + index + 1);
  });
  byText.forEach((id, index) => {
    const candidate = entry(id);
    if (candidate.lexicalRank !== null) return;
    candidate.lexicalRank = index + 1;
    candidate.fused += 1 / (RRF_K + index + 1);
  });
  return [...fused.values()].sort(
    (left, right) =>
      right.fused - left.fused ||
      (left.vectorRank ?? Infinity) - (right.vectorRank ?? Infinity) ||
      left.id.localeCompare(right.id),
  );
}

// Title words that half of all postings hold: they would make the channel rank most postings (slow
// at scale) while saying nothing the vector channel does not; the level is ranking's business.
const GENERIC_TITLE_WORDS = new Set(
  (
    'senior junior lead staff principal chief head director manager engineer engineering developer ' +
    'development specialist associate assistant intern sr jr ii iii iv the and of for in at with to'
  ).split(' '),
);

/**
 * A to_tsquery string that matches any of `terms` (skills, titles): each term is cut into plain
 * words (no operators can get through), duplicates, one-letter words and generic title words
 * dropped, ORed; at most 48 words so a long skills list stays a cheap query. Empty when nothing is left.
 */
export function lexicalQuery(terms: readonly string[]): string {
  const words = new Set<string>();
  for (const term of terms) {
    for (const word of term.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 2 && !/^\d+$/.test(word) && !GENERIC_TITLE_WORDS.has(word)) words.add(word);
      if (words.size >= 48) break;
    }
  }
  return [...words].join(' | ');
}
