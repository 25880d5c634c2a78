/**
 * The default local provider: real English word vectors (GloVe 100-d, see word-embeddings-cache.ts)
 * pooled into one text vector with SIF weights (Arora et al., 2017): a word weighs a / (a + p(w)),
 * so "the", "and", "with" count for almost nothing and rare, telling words count fully. p(w) comes
 * from the word's frequency rank (the package lists words most frequent first) by Zipf's law.
 *
 * Skill mentions ("k8s", "Node.js", "C#") are found with the skills taxonomy and stand for their
 * canonical skill, so aliases share one vector. A skill GloVe knows ("docker", "python") uses its
 * word vector; one it does not ("kubernetes", "graphql") gets a fixed pseudo-random direction of its
 * own, blended with the vectors of what it is near (its related and implied skills, the words of its
 * name, its profession): exact mentions still match exactly, and a new tool still lands near its
 * neighbours. Other unknown words (names, typos) get a pseudo-random direction at a low weight.
 *
 * Deterministic: the same text always gives the same vector, on every machine.
 */
import { TAXONOMY_VERSION, extractSkills, getSkill } from '@hiregraph/skills/taxonomy';
import { tokenize } from '@hiregraph/skills/tokenize';
import { normalizeInPlace, type EmbeddingProvider } from './embedding-provider.js';
import { WORD_VECTOR_DIMENSIONS, sharedWordVectors, type WordVectorTable } from './word-embeddings-cache.js';
import { stableHash32 } from './stable-hash.js';

/** SIF's smoothing constant: words more frequent than ~1 in 1000 are mostly discounted. */
const SIF_A = 1e-3;
/** Weight of an unknown word that is not a skill (a name, a typo, a product nobody else uses). */
const UNKNOWN_WORD_WEIGHT = 0.35;
/** A skill mention counts a little more than an ordinary word: it is what jobs are matched on. */
const SKILL_WEIGHT = 1.3;
/** How much of an unknown skill's vector is its own direction (the rest: its neighbours). */
const OWN_DIRECTION_SHARE = 0.6;

// Words every posting and resume uses (an idf stand-in for job-ad boilerplate): GloVe counts them
// as ordinary words, yet they say nothing about which job it is.
const BOILERPLATE = new Set(
  (
    'experience experienced year years team teams work working worked strong skill skills ability able ' +
    'knowledge good great excellent looking join role position job candidate candidates responsible ' +
    'responsibilities requirement requirements required preferred plus including include includes using use ' +
    'used new well across within company opportunity opportunities environment help helping make ensure ' +
    'must nice have degree related field based day days time level player passionate motivated ' +
    'benefits apply applicants equal employer competitive salary'
  ).split(' '),
);
const BOILERPLATE_FACTOR = 0.25;

// Words of the parts of a posting that are the same whatever the job: equal-opportunity statements,
// benefits, the company pitch, how to apply. A sentence with several of them is boilerplate.
const HR_BOILERPLATE = new Set(
  (
    'equal opportunity employer employers race color colour religion sex sexual orientation gender identity ' +
    'expression national origin ancestry disability disabilities veteran veterans protected status marital ' +
    'qualified applicants consideration employment regard regardless diversity diverse inclusive inclusion ' +
    'belonging accommodation accommodations benefits benefit insurance dental vision 401k 401 pension pto ' +
    'vacation holidays parental maternity paternity leave stipend equity perks wellness gym reimbursement ' +
    'bonus bonuses compensation salary salaries pay range relocation sponsorship visa apply application ' +
    'resume cv cover letter mission investors backed funded series fast growing startup culture flexible ' +
    'hours offer offers we our us you your annual discretionary commuter lunch snacks'
  ).split(' '),
);
/** A sentence whose words are at least this share HR boilerplate (and 3 or more of them). */
const HR_SENTENCE_SHARE = 0.25;
const HR_SENTENCE_FACTOR = 0.1;

/**
 * Texts that say only what all work says, for SIF's second step: the direction their pooled vectors
 * share is the "common component" every resume and posting carries, and it is removed from each
 * text vector, so two texts are close for what they say about the job, not for being job texts.
 */
const GENERIC_WORK_TEXTS = [
  'We are hiring. You will work with the team on projects, responsible for daily tasks and reporting to the manager. ' +
    'Requirements: experience, communication skills, a degree.',
  'Experienced professional with a track record of results. Managed projects, worked with stakeholders and customers, ' +
    'improved processes and trained new staff.',
  'Responsibilities include planning, coordinating and delivering work on time, documenting procedures and supporting colleagues.',
  'Looking for a motivated, detail-oriented person who works well independently and in a team, with strong problem-solving skills.',
];

// Words a profession is known by, for placing skills GloVe lacks near their field.
const DISCIPLINE_WORDS: Record<string, string[]> = {
  'software-engineering': ['software', 'programming'],
  data: ['data', 'analytics'],
  devops: ['infrastructure', 'deployment'],
  security: ['security', 'encryption'],
  hardware: ['hardware', 'electronics'],
  design: ['design', 'graphic'],
  product: ['product', 'roadmap'],
  'project-management': ['project', 'management'],
  sales: ['sales', 'selling'],
  marketing: ['marketing', 'advertising'],
  finance: ['finance', 'accounting'],
  healthcare: ['medical', 'patient'],
  hr: ['recruitment', 'personnel'],
  'customer-support': ['customer', 'support'],
  education: ['teaching', 'education'],
  legal: ['legal', 'law'],
  operations: ['logistics', 'operations'],
};

/** A unit vector in a direction fixed by `key` (mulberry32 + Box–Muller): the same on every run. */
function pseudoRandomDirection(key: string, dims: number): Float64Array {
  let state = stableHash32(key);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const vector = new Float64Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const u = Math.max(next(), 1e-12);
    vector[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    norm += vector[i] * vector[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dims; i++) vector[i] /= norm;
  return vector;
}

/** A text's word vectors and their weights: exposed so tests and explanations can see the pooling. */
export interface PooledTerm {
  term: string;
  weight: number;
  known: boolean;
}

export class WordVectorEmbedder {
  private readonly dims: number;
  /** Harmonic number of the vocabulary: normalises Zipf's 1/rank into probabilities. */
  private readonly harmonic: number;
  /** Typical length of a (post-processed) word vector: unknown directions are scaled to it. */
  private readonly typicalNorm: number;
  private readonly skillVectors = new Map<string, Float64Array>();
  /** Unit vector of the common component (see GENERIC_WORK_TEXTS). */
  private readonly common: Float64Array;

  constructor(private readonly table: WordVectorTable) {
    this.dims = table.dimensions;
    this.harmonic = Math.log(table.words.length) + 0.5772;
    let sum = 0;
    let count = 0;
    for (let row = 1000; row < Math.min(table.words.length, 21_000); row++) {
      sum += Math.sqrt(this.squaredNorm(row));
      count++;
    }
    this.typicalNorm = count > 0 ? sum / count : 1;
    this.common = new Float64Array(this.dims);
    for (const text of GENERIC_WORK_TEXTS) {
      const pooled = this.pool(text);
      normalizeVector(pooled);
      for (let i = 0; i < this.dims; i++) this.common[i] += pooled[i];
    }
    normalizeVector(this.common);
  }

  private squaredNorm(row: number): number {
    const scale = this.table.scales[row];
    let sum = 0;
    for (let i = 0; i < this.dims; i++) {
      const value = this.table.data[row * this.dims + i] * scale;
      sum += value * value;
    }
    return sum;
  }

  private addRow(target: Float64Array, row: number, weight: number): void {
    const scale = this.table.scales[row] * weight;
    const base = row * this.dims;
    for (let i = 0; i < this.dims; i++) target[i] += this.table.data[base + i] * scale;
  }

  /** SIF weight of a known word from its frequency rank. */
  sifWeight(row: number): number {
    const probability = 1 / ((row + 1) * this.harmonic);
    return SIF_A / (SIF_A + probability);
  }

  /** The row of a word, trying its plain spellings ("apis" and "api's" both find "apis"). */
  rowOf(word: string): number | undefined {
    const index = this.table.index;
    return index.get(word) ?? (word.endsWith("'s") ? index.get(word.slice(0, -2)) : undefined);
  }

  /** A skill's vector (memoised): its word vector when GloVe has one, else see the file comment. */
  skillVector(skillId: string): Float64Array {
    const cached = this.skillVectors.get(skillId);
    if (cached) return cached;
    const skill = getSkill(skillId);
    const vector = new Float64Array(this.dims);
    const own = this.rowOf(skillId) ?? (skill ? this.rowOf(skill.name.toLowerCase()) : undefined);
    if (own !== undefined) {
      this.addRow(vector, own, 1);
    } else {
      const near = new Float64Array(this.dims);
      const nearWords = [
        ...(skill
          ? tokenize(skill.name)
              .filter((t) => t.word)
              .map((t) => t.lower)
          : skillId.split('-')),
        ...(skill ? [...skill.related, ...skill.implies] : []),
        ...(skill ? (DISCIPLINE_WORDS[skill.discipline] ?? []) : []),
      ];
      let found = 0;
      for (const word of nearWords) {
        const row = this.rowOf(word);
        if (row === undefined) continue;
        const norm = Math.sqrt(this.squaredNorm(row)) || 1;
        this.addRow(near, row, 1 / norm);
        found++;
      }
      normalizeVector(near);
      const direction = pseudoRandomDirection(`skill:${skillId}`, this.dims);
      const ownShare = found > 0 ? OWN_DIRECTION_SHARE : 1;
      for (let i = 0; i < this.dims; i++) {
        vector[i] = this.typicalNorm * (ownShare * direction[i] + (1 - ownShare) * near[i]);
      }
    }
    this.skillVectors.set(skillId, vector);
    return vector;
  }

  /** The weighted terms of a text, in order: skills by id, other words by their lower-case form. */
  terms(text: string): PooledTerm[] {
    const mentions = extractSkills(text);
    const tokens = tokenize(text).filter((token) => token.word);
    const sentenceFactor = boilerplateSentences(text, tokens);
    const terms: PooledTerm[] = [];
    let next = 0;
    for (const [position, token] of tokens.entries()) {
      const factor = sentenceFactor[position];
      while (next < mentions.length && mentions[next].end <= token.start) next++;
      const mention = mentions[next];
      if (mention && token.start >= mention.start && token.end <= mention.end) {
        // The first token of a mention stands for the whole mention.
        if (token.start === mention.start) {
          terms.push({ term: `skill:${mention.skillId}`, weight: factor * SKILL_WEIGHT, known: true });
        }
        continue;
      }
      const row = this.rowOf(token.lower);
      if (row !== undefined) {
        const discount = BOILERPLATE.has(token.lower) ? BOILERPLATE_FACTOR : 1;
        terms.push({ term: token.lower, weight: factor * discount * this.sifWeight(row), known: true });
      } else if (!/^\d+$/.test(token.lower))
        terms.push({ term: token.lower, weight: factor * UNKNOWN_WORD_WEIGHT, known: false });
    }
    return terms;
  }

  /** The SIF-weighted sum of a text's term vectors (before the common component is removed). */
  private pool(text: string): Float64Array {
    const sum = new Float64Array(this.dims);
    for (const { term, weight, known } of this.terms(text)) {
      if (term.startsWith('skill:')) {
        const vector = this.skillVector(term.slice(6));
        for (let i = 0; i < this.dims; i++) sum[i] += weight * vector[i];
      } else if (known) {
        this.addRow(sum, this.rowOf(term)!, weight);
      } else {
        const direction = pseudoRandomDirection(`word:${term}`, this.dims);
        for (let i = 0; i < this.dims; i++) sum[i] += weight * this.typicalNorm * direction[i];
      }
    }
    return sum;
  }

  embed(text: string): number[] {
    const sum = this.pool(text);
    let dot = 0;
    for (let i = 0; i < this.dims; i++) dot += sum[i] * this.common[i];
    const vector = Array.from(sum, (value, i) => value - dot * this.common[i]);
    let norm = 0;
    for (const value of vector) norm += value * value;
    // An empty text still gets a unit vector (pgvector's cosine distance is undefined at zero).
    if (norm < 1e-18) return normalizeInPlace(vector.fill(0).fill(1, 0, 1));
    return normalizeInPlace(vector);
  }
}

/**
 * A weight factor per word token: HR_SENTENCE_FACTOR inside sentences (or lines) that are mostly HR
 * boilerplate (equal-opportunity statements, benefits lists, the company pitch), else 1.
 */
function boilerplateSentences(text: string, tokens: { start: number; lower: string }[]): number[] {
  const factors = new Array<number>(tokens.length).fill(1);
  const boundaries = /[.!?;](?=\s)|\n/g;
  let from = 0;
  let index = 0;
  const close = (end: number) => {
    const first = index;
    let hits = 0;
    while (index < tokens.length && tokens[index].start < end) {
      if (HR_BOILERPLATE.has(tokens[index].lower)) hits++;
      index++;
    }
    const count = index - first;
    if (hits >= 3 && hits / count >= HR_SENTENCE_SHARE) factors.fill(HR_SENTENCE_FACTOR, first, index);
  };
  for (const match of text.matchAll(boundaries)) {
    close(match.index + 1);
    from = match.index + 1;
  }
  if (from <= text.length) close(Infinity);
  return factors;
}

function normalizeVector(vector: Float64Array): void {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
}

let sharedEmbedder: Promise<WordVectorEmbedder> | undefined;

/** The process-wide embedder over the shared word vector table (loaded on first use). */
export function sharedWordVectorEmbedder(): Promise<WordVectorEmbedder> {
  sharedEmbedder ??= sharedWordVectors().then(
    (table) => new WordVectorEmbedder(table),
    (error: unknown) => {
      sharedEmbedder = undefined;
      throw error;
    },
  );
  return sharedEmbedder;
}

export class WordEmbeddingProvider implements EmbeddingProvider {
  /** Vectors depend on the taxonomy through skill mentions. */
  readonly model = `local-glove100-sif-v1-t${TAXONOMY_VERSION}`;
  readonly dimensions = WORD_VECTOR_DIMENSIONS;

  async embed(texts: string[]): Promise<number[][]> {
    const embedder = await sharedWordVectorEmbedder();
    return texts.map((text) => embedder.embed(text));
  }

  /** Loads the word vectors now (building their cache if needed) instead of on the first embed. */
  async warm(): Promise<void> {
    await sharedWordVectorEmbedder();
  }
}
