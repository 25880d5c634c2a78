import {
  TAXONOMY_VERSION,
  disciplineOf,
  extractSkills,
  getSkill,
  impliedSkills,
} from '@hiregraph/skills/taxonomy';
import { tokenize } from '@hiregraph/skills/tokenize';
import { normalizeInPlace, type EmbeddingProvider } from './embedding-provider.js';
import { stableHash32 } from './stable-hash.js';

/**
 * The fallback local provider (EMBEDDINGS_PROVIDER=hashing): no word vectors at all, deterministic,
 * offline and instant, but blind to synonyms ("physician" and "doctor" share nothing). The default
 * is word-embeddings.ts. A text becomes three groups of
 * hashed features, each L2-normalized on its own and then weighted, so the cosine of two vectors is
 * (up to hash collisions) a fixed blend of three similarities:
 *
 * - words: unigrams and bigrams of the text that is not a skill mention, sublinear tf, stop words
 *   and job-ad boilerplate down-weighted (an idf stand-in: they say nothing about the job);
 * - skills: canonical taxonomy ids ("k8s" and "Kubernetes" are one feature), the skills they
 *   imply at a lower weight (React proves JavaScript) and skill families (partial credit);
 * - disciplines: the professions the skills point to, so a backend resume and a nursing posting
 *   share nothing here even when their wording overlaps.
 *
 * Signed feature hashing (the sign from another bit of the hash) keeps collisions unbiased.
 */
export const HASHING_EMBEDDING_DIMENSIONS = 384;

const GROUP_WEIGHTS = { words: 0.45, skills: 0.4, disciplines: 0.15 } as const;
const BIGRAM_WEIGHT = 0.6;
const IMPLIED_WEIGHT = 0.45;
const FAMILY_WEIGHT = 0.35;

// Function words: carry no meaning for matching.
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his i if in into ' +
    'is it its me my of on or our ours she so than that the their them then there these they this those to too ' +
    'us was we were what when where which while who whom why will with would you your yours about above after ' +
    'again all also am any because before below between both during each few further here how just more most ' +
    'no nor not now only other over own same should some such through under until up very etc e g eg ie via per'
  ).split(' '),
);
// Words every resume and posting uses: weak evidence of topic (a crude inverse document frequency).
const BOILERPLATE = new Set(
  (
    'experience experienced year years team teams work working worked strong skill skills ability able ' +
    'knowledge good great excellent looking join role position job candidate candidates responsible ' +
    'responsibilities requirement requirements required preferred plus including include includes using use ' +
    'used new well across within company opportunity opportunities environment help helping make ensure ' +
    'must nice have degree related field based day days time based level senior junior mid lead'
  ).split(' '),
);

/** Light suffix stripping so "deploying"/"deployed"/"deploys" share a feature. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && !word.endsWith('ses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function wordWeight(word: string): number {
  if (STOP_WORDS.has(word)) return 0.05;
  if (BOILERPLATE.has(word)) return 0.3;
  if (/^\d+$/.test(word)) return 0.2;
  return 1;
}

const hash = stableHash32;

type Features = Map<string, number>;

function add(features: Features, feature: string, weight: number): void {
  features.set(feature, (features.get(feature) ?? 0) + weight);
}

/** The weighted features of one text, by group; exposed for tests and explanations. */
export function textFeatures(text: string): Record<keyof typeof GROUP_WEIGHTS, Features> {
  const mentions = extractSkills(text);
  // Words inside a skill mention are represented by the skill id, not by their spelling.
  const covered = (start: number, end: number) =>
    mentions.some((mention) => start < mention.end && end > mention.start);
  const words: string[] = [];
  for (const token of tokenize(text)) {
    if (!token.word || covered(token.start, token.end)) continue;
    words.push(stem(token.lower));
  }
  const termCounts: Features = new Map();
  for (let i = 0; i < words.length; i++) {
    add(termCounts, `w:${words[i]}`, wordWeight(words[i]));
    if (i + 1 < words.length) {
      const weight = Math.min(wordWeight(words[i]), wordWeight(words[i + 1]));
      if (weight >= 0.3) add(termCounts, `b:${words[i]} ${words[i + 1]}`, BIGRAM_WEIGHT * weight);
    }
  }
  const wordFeatures: Features = new Map();
  for (const [feature, weight] of termCounts) {
    // Sublinear tf: a word said ten times is not ten times as telling.
    wordFeatures.set(feature, weight >= 1 ? 1 + Math.log(weight) : weight);
  }

  const skillCounts = new Map<string, number>();
  for (const mention of mentions)
    skillCounts.set(mention.skillId, (skillCounts.get(mention.skillId) ?? 0) + 1);
  const skillFeatures: Features = new Map();
  for (const [id, count] of skillCounts) {
    add(skillFeatures, `s:${id}`, 1 + Math.log(count));
    for (const implied of impliedSkills(id)) {
      if (!skillCounts.has(implied)) add(skillFeatures, `s:${implied}`, IMPLIED_WEIGHT);
    }
    const family = getSkill(id)?.family;
    if (family) add(skillFeatures, `f:${family}`, FAMILY_WEIGHT);
  }
  // Implied features can pile up from many children; cap them below a skill actually named.
  for (const [feature, weight] of skillFeatures) {
    if (feature.startsWith('s:') && !skillCounts.has(feature.slice(2))) {
      skillFeatures.set(feature, Math.min(weight, 2 * IMPLIED_WEIGHT));
    }
  }

  const disciplineFeatures: Features = new Map();
  for (const { discipline, share } of disciplineOf(skillCounts.keys())) {
    disciplineFeatures.set(`d:${discipline}`, share);
  }
  return { words: wordFeatures, skills: skillFeatures, disciplines: disciplineFeatures };
}

export class HashingEmbeddingProvider implements EmbeddingProvider {
  readonly model = `local-hashing-v1-t${TAXONOMY_VERSION}`;
  readonly dimensions = HASHING_EMBEDDING_DIMENSIONS;

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    const groups = textFeatures(text);
    let any = false;
    for (const group of Object.keys(GROUP_WEIGHTS) as (keyof typeof GROUP_WEIGHTS)[]) {
      const features = groups[group];
      let norm = 0;
      for (const weight of features.values()) norm += weight * weight;
      if (norm === 0) continue;
      any = true;
      const scale = Math.sqrt(GROUP_WEIGHTS[group]) / Math.sqrt(norm);
      for (const [feature, weight] of features) {
        const h = hash(feature);
        vector[h % this.dimensions] += (h & 0x80000000 ? -1 : 1) * weight * scale;
      }
    }
    // An empty text still gets a unit vector (pgvector's cosine distance is undefined at zero).
    if (!any) vector[hash('empty') % this.dimensions] = 1;
    return normalizeInPlace(vector);
  }
}
