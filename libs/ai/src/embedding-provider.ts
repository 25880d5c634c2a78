/** What every embedding provider is, and the vector arithmetic they and their users share. */

/**
 * Turns texts into vectors whose cosine similarity says how close their meanings are. Every stored
 * vector records `model` and `dimensions`, so vectors from different providers are never compared.
 */
export interface EmbeddingProvider {
  /** Identifies the vector space: vectors are comparable only within one model. */
  readonly model: string;
  readonly dimensions: number;
  /** One L2-normalized vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}

/** Cosine similarity; vectors of different length are a programming error. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`Vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let left = 0;
  let right = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    left += a[i] * a[i];
    right += b[i] * b[i];
  }
  return left === 0 || right === 0 ? 0 : dot / Math.sqrt(left * right);
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeInPlace(vector: number[]): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/** pgvector's text form, `[0.1,0.2,...]`, for a `$n::vector` parameter. */
export function toPgVector(vector: readonly number[]): string {
  return `[${vector.map((value) => (Number.isFinite(value) ? value : 0)).join(',')}]`;
}

/** Parses pgvector's text form back into numbers. */
export function fromPgVector(text: string): number[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner === '' ? [] : inner.split(',').map(Number);
}
