/**
 * The shared skills taxonomy: canonical skills (Linguist languages + the curated catalog), alias
 * normalization, and extraction of skill mentions from free text.
 *
 * Extraction runs one precompiled token trie over the text: each token is looked up once per
 * possible start, the longest alias that passes its context rules wins. Matches always cover whole
 * tokens, so "ai" never matches inside "maintain" and "go" never inside "good"; "C" is not found in
 * "C#" or "C++" because those continue the token run with glued "#"/"+".
 */
import { createHash } from 'node:crypto';
import { CURATED, type SkillSource } from './catalog.js';
import { languageSources } from './languages.js';
import { tokenize, tokenKey, type Token } from './tokenize.js';
import {
  DISCIPLINES,
  type Discipline,
  type DisciplineShare,
  type Skill,
  type SkillMention,
} from './types.js';

export * from './types.js';

/**
 * Bump whenever skills, aliases, links or matching rules change: stored normalizations carry the
 * version they were computed with and are recomputed when it differs.
 */
export const TAXONOMY_VERSION = 1;

type MatchMode = 'insensitive' | 'sensitive' | 'word' | 'list';

interface AliasEntry {
  skillId: string;
  mode: MatchMode;
  /** Alias tokens as written, for case-sensitive comparison. */
  tokens: string[];
  notAfter?: ReadonlySet<string>;
  notBefore?: ReadonlySet<string>;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  entries: AliasEntry[];
}

const MODE_FLAGS: Record<string, MatchMode> = { '=': 'sensitive', '~': 'word', '?': 'list' };

// Words after an ambiguous name that show it is the technology ("Go developer", "Spring framework").
const TECH_HINTS = new Set([
  'programming',
  'language',
  'languages',
  'lang',
  'developer',
  'developers',
  'development',
  'engineer',
  'engineers',
  'engineering',
  'framework',
  'frameworks',
  'library',
  'libraries',
  'sdk',
  'api',
  'apis',
  'code',
  'codebase',
  'scripts',
  'scripting',
  'runtime',
  'services',
  'microservices',
  'backend',
  'stack',
  'modules',
  'ecosystem',
  'dev',
  'apps',
  'applications',
  'experience',
  'proficiency',
  'skills',
  'certified',
  'certification',
  'expertise',
]);
// A glued neighbour that still leaves a strict name standing alone ("(Go)", "C/C++", "R,").
const GLUE_OK_BEFORE = new Set(['(', '[', '{', '/', ',', ';', ':', '|', '"', "'", '*', '•', '·']);
const GLUE_OK_AFTER = new Set([')', ']', '}', '/', ',', ';', ':', '|', '"', "'", '!', '?']);
const LIST_BEFORE = new Set([
  ',',
  ';',
  '/',
  '|',
  '(',
  '[',
  '{',
  ':',
  '•',
  '·',
  '*',
  '-',
  '–',
  '—',
  '&',
  '+',
  '"',
  "'",
]);
const LIST_AFTER = new Set([
  ',',
  ';',
  '/',
  '|',
  ')',
  ']',
  '}',
  '(',
  ':',
  '.',
  '•',
  '·',
  '&',
  '"',
  "'",
  '!',
  '?',
]);
const SENTENCE_END = new Set(['.', '!', '?', '•', '·', '*', '-', '–', '—', '>']);
const LETTER_LEADS = new Set(['and', 'or', 'in', 'with', 'using', 'of']);
const YEAR = /^(?:19|20)\d\d$/;

function parseAlias(raw: string): { text: string; mode?: MatchMode } {
  const flag = MODE_FLAGS[raw[0]];
  return flag ? { text: raw.slice(1), mode: flag } : { text: raw };
}

function keysOf(tokens: readonly Token[]): string[] {
  return tokens.map((_, index) => tokenKey(tokens, index, index === 0));
}

interface Taxonomy {
  skills: Map<string, Skill>;
  root: TrieNode;
}

function build(sources: SkillSource[]): Taxonomy {
  const skills = new Map<string, Skill>();
  const root: TrieNode = { children: new Map(), entries: [] };
  const owners = new Map<TrieNode, string>();

  for (const source of sources) {
    if (skills.has(source.id)) throw new Error(`duplicate skill id ${source.id}`);
    const notAfter = source.notAfter && new Set(source.notAfter.map((word) => word.toLowerCase()));
    const notBefore = source.notBefore && new Set(source.notBefore.map((word) => word.toLowerCase()));
    // One entry per key path; a flagged alias overrides the same text written plain (the name).
    const byPath = new Map<string, { tokens: Token[]; mode: MatchMode; flagged: boolean; text: string }>();
    for (const raw of source.aliases) {
      const { text, mode } = parseAlias(raw);
      const tokens = tokenize(text);
      if (tokens.length === 0) continue;
      const path = keysOf(tokens).join('\u0000');
      const singleLetter = tokens.length === 1 && tokens[0].text.length === 1;
      const resolved: MatchMode = singleLetter ? 'sensitive' : (mode ?? 'insensitive');
      const existing = byPath.get(path);
      if (existing && (existing.flagged || !mode)) continue;
      byPath.set(path, { tokens, mode: resolved, flagged: Boolean(mode), text });
    }
    for (const [path, alias] of byPath) {
      let node = root;
      for (const key of path.split('\u0000')) {
        let child = node.children.get(key);
        if (!child) {
          child = { children: new Map(), entries: [] };
          node.children.set(key, child);
        }
        node = child;
      }
      const owner = owners.get(node);
      if (owner && owner !== source.id) {
        throw new Error(`alias "${alias.text}" names both ${owner} and ${source.id}`);
      }
      owners.set(node, source.id);
      node.entries.push({
        skillId: source.id,
        mode: alias.mode,
        tokens: alias.tokens.map((token) => token.text),
        notAfter,
        notBefore,
      });
    }
    const aliases = [...new Set([...byPath.values()].map((alias) => alias.text))];
    skills.set(source.id, {
      id: source.id,
      name: source.name,
      category: source.category,
      discipline: source.discipline,
      ...(source.family ? { family: source.family } : {}),
      aliases,
      implies: source.implies,
      related: source.related,
    });
  }
  for (const skill of skills.values()) {
    for (const target of [...skill.implies, ...skill.related]) {
      if (!skills.has(target)) throw new Error(`skill ${skill.id} links to unknown skill ${target}`);
    }
  }
  return { skills, root };
}

const TAXONOMY = build([...languageSources(), ...CURATED]);

function isSentenceStart(tokens: readonly Token[], index: number): boolean {
  if (index === 0 || tokens[index].gap === 'newline') return true;
  return SENTENCE_END.has(tokens[index - 1].text);
}

function isListItem(tokens: readonly Token[], first: number, last: number): boolean {
  const before = first === 0 || tokens[first].gap === 'newline' || LIST_BEFORE.has(tokens[first - 1].text);
  if (!before) return false;
  const next = tokens[last + 1];
  return !next || next.gap === 'newline' || LIST_AFTER.has(next.text);
}

function hasTechHint(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  return next !== undefined && next.word && next.gap !== 'newline' && TECH_HINTS.has(next.lower);
}

function startsUppercase(text: string): boolean {
  const first = text[0];
  return first !== first.toLowerCase();
}

function accepts(entry: AliasEntry, tokens: readonly Token[], first: number, last: number): boolean {
  const start = tokens[first];
  const prev = first > 0 ? tokens[first - 1] : undefined;
  const next = tokens[last + 1];
  const afterNext = tokens[last + 2];

  // Glued continuations mean a longer name or an identifier: C#, C++, user@host, react.useState.
  if (next && next.gap === 'none') {
    if (next.text === '#' || next.text === '+' || next.text === '@') return false;
    if (next.text === '.' && afterNext?.word && afterNext.gap === 'none') return false;
  }
  if (prev && start.gap === 'none') {
    if (prev.text === '@' || prev.text === '$' || prev.word) return false;
    if (prev.text === '.' && first > 1 && tokens[first - 2].word && prev.gap === 'none') return false;
  }
  if (entry.notAfter && prev?.word && entry.notAfter.has(prev.lower)) return false;
  if (entry.notBefore && next?.word && entry.notBefore.has(next.lower)) return false;

  if (entry.mode === 'insensitive') return true;

  // Strict names must stand alone: "go-to", "C-level", "R&D", "e-Go" are not skills.
  if (start.gap === 'hyphen' || next?.gap === 'hyphen') return false;
  if (prev && start.gap === 'none' && !GLUE_OK_BEFORE.has(prev.text)) return false;
  if (next && next.gap === 'none' && !GLUE_OK_AFTER.has(next.text)) {
    if (next.text !== '.') return false;
    // "R." ends a sentence after "and R." or "in R." but is an initial in "John R. Smith".
    const endOfLine = !afterNext || afterNext.gap === 'newline';
    const singleLetter = first === last && start.text.length === 1;
    const ending = endOfLine || (prev !== undefined && (prev.text === ',' || LETTER_LEADS.has(prev.text)));
    if (singleLetter ? !ending : afterNext?.gap === 'none') return false;
  }

  switch (entry.mode) {
    case 'sensitive':
      for (let offset = 0; offset < entry.tokens.length; offset++) {
        if (tokens[first + offset].text !== entry.tokens[offset]) return false;
      }
      return true;
    case 'list':
      return hasTechHint(tokens, last) || isListItem(tokens, first, last);
    case 'word': {
      if (hasTechHint(tokens, last)) return true;
      const inList = isListItem(tokens, first, last);
      if (!startsUppercase(start.text)) return inList;
      const shouting = start.text.length > 1 && start.text === start.text.toUpperCase();
      if (shouting) return inList;
      if (next?.word && YEAR.test(next.text)) return false;
      return inList || !isSentenceStart(tokens, first);
    }
  }
}

/** The longest acceptable alias starting at token `first`: [entry, last token index]. */
function matchAt(tokens: readonly Token[], first: number): [AliasEntry, number] | undefined {
  let node = TAXONOMY.root.children.get(tokens[first].lower);
  if (!node) return undefined;
  const ends: [TrieNode, number][] = [];
  let index = first;
  for (;;) {
    if (node.entries.length > 0) ends.push([node, index]);
    if (index + 1 >= tokens.length) break;
    const child: TrieNode | undefined = node.children.get(tokenKey(tokens, index + 1, false));
    if (!child) break;
    node = child;
    index++;
  }
  for (let candidate = ends.length - 1; candidate >= 0; candidate--) {
    const [end, last] = ends[candidate];
    for (const entry of end.entries) {
      if (accepts(entry, tokens, first, last)) return [entry, last];
    }
  }
  return undefined;
}

/** Every skill mention in `text`, in order, with offsets for evidence (text.slice(start, end)). */
export function extractSkills(text: string): SkillMention[] {
  const tokens = tokenize(text);
  const mentions: SkillMention[] = [];
  let index = 0;
  while (index < tokens.length) {
    const match = matchAt(tokens, index);
    if (!match) {
      index++;
      continue;
    }
    const [entry, last] = match;
    const start = tokens[index].start;
    const end = tokens[last].end;
    mentions.push({ skillId: entry.skillId, text: text.slice(start, end), start, end });
    index = last + 1;
  }
  return mentions;
}

/** Distinct skill ids mentioned in `text`, in order of first mention. */
export function extractSkillIds(text: string): string[] {
  return [...new Set(extractSkills(text).map((mention) => mention.skillId))];
}

/**
 * The canonical skill a skill name refers to ("ReactJS" → React, "k8s" → Kubernetes,
 * "golang" → Go). A name is matched whole and case-insensitively; failing that, a name holding
 * exactly one skill ("Python 3.11", "Advanced Excel") resolves to it; otherwise undefined.
 */
export function normalizeSkill(name: string): Skill | undefined {
  const tokens = tokenize(name);
  if (tokens.length === 0) return undefined;
  let node: TrieNode | undefined = TAXONOMY.root;
  for (let index = 0; index < tokens.length && node; index++) {
    node = node.children.get(tokenKey(tokens, index, index === 0));
  }
  if (node && node.entries.length > 0) {
    const exact = node.entries.find(
      (entry) =>
        entry.mode === 'sensitive' && entry.tokens.every((text, offset) => tokens[offset].text === text),
    );
    return TAXONOMY.skills.get((exact ?? node.entries[0]).skillId);
  }
  const ids = extractSkillIds(name);
  return ids.length === 1 ? TAXONOMY.skills.get(ids[0]) : undefined;
}

export function getSkill(id: string): Skill | undefined {
  return TAXONOMY.skills.get(id);
}

export function allSkills(): Skill[] {
  return [...TAXONOMY.skills.values()];
}

export function skillsInDiscipline(discipline: Discipline): Skill[] {
  return allSkills().filter((skill) => skill.discipline === discipline);
}

const impliedCache = new Map<string, ReadonlySet<string>>();

/** Everything a skill proves, transitively (Next.js → React → JavaScript); excludes the skill itself. */
export function impliedSkills(id: string): ReadonlySet<string> {
  const cached = impliedCache.get(id);
  if (cached) return cached;
  const implied = new Set<string>();
  const pending = [...(TAXONOMY.skills.get(id)?.implies ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next === id || implied.has(next)) continue;
    implied.add(next);
    pending.push(...(TAXONOMY.skills.get(next)?.implies ?? []));
  }
  impliedCache.set(id, implied);
  return implied;
}

/**
 * How far having one skill counts for the other: 1 the same skill, 0.5 when one implies the other
 * (transitively), they share a family of interchangeable skills, or are marked related; else 0.
 */
export function relatedness(a: string, b: string): number {
  if (a === b) return 1;
  const left = TAXONOMY.skills.get(a);
  const right = TAXONOMY.skills.get(b);
  if (!left || !right) return 0;
  if (impliedSkills(a).has(b) || impliedSkills(b).has(a)) return 0.5;
  if (left.family && left.family === right.family) return 0.5;
  if (left.related.includes(b) || right.related.includes(a)) return 0.5;
  return 0;
}

/**
 * The disciplines a set of skills points to, strongest first, shares summing to 1. General skills
 * (soft skills, office tools) carry no weight unless nothing else is there.
 */
export function disciplineOf(skillIds: Iterable<string>): DisciplineShare[] {
  const counts = new Map<Discipline, number>();
  let general = 0;
  for (const id of new Set(skillIds)) {
    const skill = TAXONOMY.skills.get(id);
    if (!skill) continue;
    if (skill.discipline === 'general') general++;
    else counts.set(skill.discipline, (counts.get(skill.discipline) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return general > 0 ? [{ discipline: 'general', share: 1 }] : [];
  return [...counts]
    .map(([discipline, count]) => ({ discipline, share: count / total }))
    .sort(
      (left, right) =>
        right.share - left.share ||
        DISCIPLINES.indexOf(left.discipline) - DISCIPLINES.indexOf(right.discipline),
    );
}

// Neighbouring professions whose skills transfer in part; symmetric, everything else is 0.
const AFFINITY: [Discipline, Discipline, number][] = [
  ['software-engineering', 'devops', 0.6],
  ['software-engineering', 'data', 0.5],
  ['software-engineering', 'security', 0.5],
  ['software-engineering', 'hardware', 0.3],
  ['software-engineering', 'product', 0.3],
  ['data', 'devops', 0.3],
  ['devops', 'security', 0.5],
  ['data', 'finance', 0.2],
  ['design', 'product', 0.5],
  ['design', 'marketing', 0.3],
  ['design', 'software-engineering', 0.2],
  ['product', 'project-management', 0.5],
  ['software-engineering', 'project-management', 0.2],
  ['marketing', 'sales', 0.5],
  ['sales', 'customer-support', 0.4],
  ['marketing', 'product', 0.3],
  ['hr', 'operations', 0.3],
  ['finance', 'operations', 0.3],
  ['legal', 'finance', 0.2],
  ['education', 'hr', 0.2],
  ['healthcare', 'customer-support', 0.1],
  ['operations', 'project-management', 0.4],
];
const AFFINITY_MAP = new Map<string, number>();
for (const [a, b, weight] of AFFINITY) {
  AFFINITY_MAP.set(`${a}|${b}`, weight);
  AFFINITY_MAP.set(`${b}|${a}`, weight);
}

/** How well experience in discipline `a` transfers to `b`: 1 same, 0..0.6 neighbours, 0 unrelated. */
export function disciplineAffinity(a: Discipline, b: Discipline): number {
  if (a === b) return 1;
  return AFFINITY_MAP.get(`${a}|${b}`) ?? 0;
}

/** Hash of the whole taxonomy: a test pins it to TAXONOMY_VERSION so data changes bump the version. */
export function taxonomyFingerprint(): string {
  const canonical = allSkills()
    .sort((left, right) => left.id.localeCompare(right.id))
    .map((skill) => [
      skill.id,
      skill.category,
      skill.discipline,
      skill.family ?? '',
      skill.aliases,
      skill.implies,
      skill.related,
    ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}
