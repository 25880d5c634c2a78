/**
 * The local (offline, no API) embedding provider, whatever it is built from: today real word
 * vectors (word-embeddings.ts); the hashing embedder (hashing-embeddings.ts) is the fallback.
 */
export { WordEmbeddingProvider as LocalEmbeddingProvider } from './word-embeddings.js';
export { WORD_VECTOR_DIMENSIONS as LOCAL_EMBEDDING_DIMENSIONS } from './word-embeddings-cache.js';
