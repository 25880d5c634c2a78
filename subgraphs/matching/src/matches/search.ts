/**
 * Nearest neighbours inside the caller's transaction (so the planner settings stay local to it):
 * jobs for a resume's query vector, resumes for a job's vector. HNSW with pgvector's iterative scan,
 * so the filters (model, open) never starve the result; see candidates.ts for the measurements.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { toPgVector } from '@hiregraph/libs/ai/embeddings';
import { VECTOR_INDEX_DIMENSIONS } from '../migrations/20261201000000_vectors.js';
import { DEFAULT_EF_SEARCH } from './candidates.js';

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
  if (!(VECTOR_INDEX_DIMENSIONS as readonly number[]).includes(dims)) {
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
