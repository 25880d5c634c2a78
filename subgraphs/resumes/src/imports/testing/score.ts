import type { ParsedResume } from '../parse-resume.js';
import type { SampleResume } from './sample-resumes.js';
import type { ResumeTruth } from './resume-truth.js';

/** Counts per field: what was expected, what was predicted, how many matched. */
export interface FieldCounts {
  expected: number;
  predicted: number;
  correct: number;
}
export type Score = Record<string, FieldCounts>;

const norm = (s: string | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

function add(score: Score, field: string, expected: unknown, predicted: unknown, correct: boolean) {
  const counts = (score[field] ??= { expected: 0, predicted: 0, correct: 0 });
  if (expected !== undefined && expected !== '') counts.expected++;
  if (predicted !== undefined && predicted !== '') counts.predicted++;
  if (correct) counts.correct++;
}

/** Field-level comparison of a parse against the document it was generated from. */
export function scoreResume(expected: SampleResume, actual: ParsedResume, score: Score = {}): Score {
  add(
    score,
    'name',
    expected.basics.name,
    actual.basics.name,
    norm(expected.basics.name) === norm(actual.basics.name),
  );
  add(
    score,
    'email',
    expected.basics.email,
    actual.basics.email,
    expected.basics.email === actual.basics.email,
  );
  add(
    score,
    'phone',
    expected.basics.phone,
    actual.basics.phone,
    digits(expected.basics.phone).endsWith(digits(actual.basics.phone).slice(-7)) &&
      digits(actual.basics.phone).length >= 7,
  );
  const unmatched = [...actual.work];
  for (const work of expected.work) {
    const index = unmatched.findIndex(
      (w) => norm(w.name) === norm(work.name) || norm(w.position) === norm(work.position),
    );
    const found = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    add(score, 'work.company', work.name, found?.name, norm(found?.name) === norm(work.name));
    add(
      score,
      'work.position',
      work.position,
      found?.position,
      norm(found?.position) === norm(work.position),
    );
    add(score, 'work.startDate', work.startDate, found?.startDate, found?.startDate === work.startDate);
    const endExpected = work.endDate ?? 'present';
    const endActual = found ? (found.current ? 'present' : found.endDate) : undefined;
    add(score, 'work.endDate', endExpected, endActual, endExpected === endActual);
  }
  for (const extra of unmatched) {
    add(score, 'work.company', undefined, extra.name, false);
    add(score, 'work.position', undefined, extra.position, false);
    add(score, 'work.startDate', undefined, extra.startDate, false);
    add(score, 'work.endDate', undefined, extra.current ? 'present' : extra.endDate, false);
  }
  const education = [...actual.education];
  for (const entry of expected.education) {
    const found = education.shift();
    add(
      score,
      'education.institution',
      entry.institution,
      found?.institution,
      norm(found?.institution) === norm(entry.institution),
    );
    add(
      score,
      'education.studyType',
      entry.studyType,
      found?.studyType,
      norm(found?.studyType) === norm(entry.studyType),
    );
    add(score, 'education.area', entry.area, found?.area, norm(found?.area) === norm(entry.area));
    add(score, 'education.endDate', entry.endDate, found?.endDate, found?.endDate === entry.endDate);
  }
  for (const extra of education) add(score, 'education.institution', undefined, extra.institution, false);
  const expectedSkills = new Set(expected.skills.flatMap((s) => s.keywords).map(norm));
  const actualSkills = new Set(actual.skillNames.map(norm));
  const counts = (score['skills'] ??= { expected: 0, predicted: 0, correct: 0 });
  counts.expected += expectedSkills.size;
  counts.predicted += actualSkills.size;
  counts.correct += [...actualSkills].filter((s) => expectedSkills.has(s)).length;
  return score;
}

export function precisionRecall(counts: FieldCounts): { precision: number; recall: number } {
  return {
    precision: counts.predicted ? counts.correct / counts.predicted : 1,
    recall: counts.expected ? counts.correct / counts.expected : 1,
  };
}

export function formatScore(score: Score): string {
  const rows = Object.entries(score).map(([field, counts]) => {
    const { precision, recall } = precisionRecall(counts);
    return `${field.padEnd(24)} P ${(precision * 100).toFixed(1).padStart(5)}%  R ${(recall * 100).toFixed(1).padStart(5)}%  (${counts.correct}/${counts.expected} expected, ${counts.predicted} predicted)`;
  });
  const total = Object.values(score).reduce(
    (t, c) => ({
      expected: t.expected + c.expected,
      predicted: t.predicted + c.predicted,
      correct: t.correct + c.correct,
    }),
    { expected: 0, predicted: 0, correct: 0 },
  );
  const { precision, recall } = precisionRecall(total);
  rows.push(
    `${'ALL'.padEnd(24)} P ${(precision * 100).toFixed(1).padStart(5)}%  R ${(recall * 100).toFixed(1).padStart(5)}%`,
  );
  return rows.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Corpus scoring (issue #16): any parse against the truth of a real document, whatever wrote it.
// ---------------------------------------------------------------------------------------------

/** The fields the import is judged on, in report order. */
export const SCORED_FIELDS = [
  'name',
  'email',
  'phone',
  'work.organisation',
  'work.position',
  'work.startYear',
  'volunteer.organisation',
  'volunteer.position',
  'volunteer.startYear',
  'education.institution',
  'education.area',
  'skills',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];
export type FieldScores = Record<ScoredField, FieldCounts>;

/** A parse as the import returns it (JSON Resume shaped); every part optional, so any parser fits. */
export interface ParsedLike {
  basics?: { name?: string; email?: string; phone?: string };
  work?: { name?: string; position?: string; startDate?: string }[];
  volunteer?: { organization?: string; name?: string; position?: string; startDate?: string }[];
  education?: { institution?: string; area?: string }[];
  skills?: { name?: string; keywords?: string[] }[];
  /** Raw skill names in document order (the import's `skillNames`). */
  skillNames?: string[];
}

export interface ImportScore {
  fields: FieldScores;
  /**
   * Average field recall: the mean over the fields the truth has (name, email, ..., skills) of
   * each field's correct / expected, so twenty skills weigh no more than the name.
   */
  recall: number;
  /** The same over the fields the parse filled: mean of correct / predicted. */
  precision: number;
}

/**
 * Tolerant text key: case, accents, punctuation, whitespace, soft hyphens and Unicode dashes do
 * not matter, "&" equals "and". Two values match when their keys are equal.
 */
export function normaliseText(value: string | undefined | null): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u00ad/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const sameText = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && normaliseText(a) !== '' && normaliseText(a) === normaliseText(b);

const sameEmail = (a: string | undefined, b: string | undefined) =>
  !!a &&
  !!b &&
  a
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase() ===
    b
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase();

/** Same number when the digits agree after the country code / trunk 0 (≥ 7 digits on both sides). */
function samePhone(a: string | undefined, b: string | undefined): boolean {
  const digitsA = (a ?? '').replace(/\D/g, '').replace(/^0+/, '');
  const digitsB = (b ?? '').replace(/\D/g, '').replace(/^0+/, '');
  if (digitsA.length < 7 || digitsB.length < 7) return false;
  return digitsA.endsWith(digitsB) || digitsB.endsWith(digitsA);
}

const yearOf = (date: string | undefined) => /\b(1[89]|20)\d\d\b/.exec(date ?? '')?.[0];

function emptyScores(): FieldScores {
  return Object.fromEntries(
    SCORED_FIELDS.map((field) => [field, { expected: 0, predicted: 0, correct: 0 }]),
  ) as FieldScores;
}

function count(
  scores: FieldScores,
  field: ScoredField,
  expected: unknown,
  predicted: unknown,
  correct: boolean,
) {
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (has(expected)) scores[field].expected++;
  if (has(predicted)) scores[field].predicted++;
  if (correct && has(expected) && has(predicted)) scores[field].correct++;
}

interface ParsedEntry {
  kind: 'work' | 'volunteer';
  organisation?: string;
  position?: string;
  startYear?: string;
}

/**
 * Field recall and precision of one parse against the truth. Entries are paired greedily in
 * document order (a parsed entry pairs when its organisation or position matches); a truth
 * volunteer entry the parser filed under work (or the reverse) still counts, a missing one does
 * not. Unpaired parsed entries count against precision.
 */
export function scoreImport(truth: ResumeTruth, parsed: ParsedLike): ImportScore {
  const scores = emptyScores();
  count(scores, 'name', truth.name, parsed.basics?.name, sameText(truth.name, parsed.basics?.name));
  count(scores, 'email', truth.email, parsed.basics?.email, sameEmail(truth.email, parsed.basics?.email));
  count(scores, 'phone', truth.phone, parsed.basics?.phone, samePhone(truth.phone, parsed.basics?.phone));

  const pool: ParsedEntry[] = [
    ...(parsed.work ?? []).map((w) => ({
      kind: 'work' as const,
      organisation: w.name,
      position: w.position,
      startYear: yearOf(w.startDate),
    })),
    ...(parsed.volunteer ?? []).map((v) => ({
      kind: 'volunteer' as const,
      organisation: v.organization ?? v.name,
      position: v.position,
      startYear: yearOf(v.startDate),
    })),
  ];
  const truthEntries = [
    ...truth.work.map((entry) => ({ kind: 'work' as const, entry })),
    ...truth.volunteer.map((entry) => ({ kind: 'volunteer' as const, entry })),
  ];
  for (const { kind, entry } of truthEntries) {
    let best = -1;
    let bestValue = 0;
    pool.forEach((candidate, index) => {
      const organisation = sameText(entry.organisation, candidate.organisation);
      const position = sameText(entry.position, candidate.position);
      if (!organisation && !position) return;
      const value =
        (organisation ? 4 : 0) +
        (position ? 2 : 0) +
        (entry.startYear && entry.startYear === candidate.startYear ? 1 : 0);
      if (value > bestValue) [best, bestValue] = [index, value];
    });
    const found = best >= 0 ? pool.splice(best, 1)[0] : undefined;
    count(
      scores,
      `${kind}.organisation`,
      entry.organisation,
      found?.organisation,
      sameText(entry.organisation, found?.organisation),
    );
    count(
      scores,
      `${kind}.position`,
      entry.position,
      found?.position,
      sameText(entry.position, found?.position),
    );
    count(
      scores,
      `${kind}.startYear`,
      entry.startYear,
      found?.startYear,
      !!entry.startYear && entry.startYear === found?.startYear,
    );
  }
  for (const extra of pool) {
    count(scores, `${extra.kind}.organisation`, undefined, extra.organisation, false);
    count(scores, `${extra.kind}.position`, undefined, extra.position, false);
    count(scores, `${extra.kind}.startYear`, undefined, extra.startYear, false);
  }

  const education = [...(parsed.education ?? [])];
  for (const entry of truth.education) {
    let best = -1;
    let bestValue = 0;
    education.forEach((candidate, index) => {
      const value =
        (sameText(entry.institution, candidate.institution) ? 2 : 0) +
        (sameText(entry.area, candidate.area) ? 1 : 0);
      if (value > bestValue) [best, bestValue] = [index, value];
    });
    const found = best >= 0 ? education.splice(best, 1)[0] : undefined;
    count(
      scores,
      'education.institution',
      entry.institution,
      found?.institution,
      sameText(entry.institution, found?.institution),
    );
    count(scores, 'education.area', entry.area, found?.area, sameText(entry.area, found?.area));
  }
  for (const extra of education) {
    count(scores, 'education.institution', undefined, extra.institution, false);
    count(scores, 'education.area', undefined, extra.area, false);
  }

  const expectedSkills = new Set(truth.skills.map(normaliseText).filter(Boolean));
  const parsedSkills = new Set(
    [...(parsed.skillNames ?? []), ...(parsed.skills ?? []).flatMap((s) => s.keywords ?? [])]
      .map(normaliseText)
      .filter(Boolean),
  );
  scores.skills.expected += expectedSkills.size;
  scores.skills.predicted += parsedSkills.size;
  scores.skills.correct += [...parsedSkills].filter((s) => expectedSkills.has(s)).length;

  return withTotals(scores);
}

function withTotals(fields: FieldScores): ImportScore {
  const counted = Object.values(fields);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 1);
  return {
    fields,
    recall: mean(counted.filter((c) => c.expected).map((c) => precisionRecall(c).recall)),
    precision: mean(counted.filter((c) => c.predicted).map((c) => precisionRecall(c).precision)),
  };
}

/**
 * Several files' scores as one: per-field counts summed, recall and precision the MEAN of the
 * files' own figures (each file weighs the same, however long).
 */
export function combineScores(scores: ImportScore[]): ImportScore {
  const fields = emptyScores();
  for (const score of scores)
    for (const field of SCORED_FIELDS) {
      fields[field].expected += score.fields[field].expected;
      fields[field].predicted += score.fields[field].predicted;
      fields[field].correct += score.fields[field].correct;
    }
  const mean = (pick: (s: ImportScore) => number) =>
    scores.length ? scores.reduce((sum, s) => sum + pick(s), 0) / scores.length : 0;
  return { fields, recall: mean((s) => s.recall), precision: mean((s) => s.precision) };
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

/**
 * A table: one row per field (recall/precision summed over the group's files), one column per
 * group, then the groups' mean per-file recall and precision.
 */
export function formatScores(groups: Record<string, ImportScore>): string {
  const names = Object.keys(groups);
  const width = Math.max(14, ...names.map((n) => n.length + 1));
  const header = `${'field'.padEnd(24)}${names.map((n) => n.padStart(width)).join('')}`;
  const sub = `${''.padEnd(24)}${names.map(() => 'R%    P%'.padStart(width)).join('')}`;
  const rows = SCORED_FIELDS.map((field) => {
    const cells = names.map((n) => {
      const counts = groups[n].fields[field];
      if (!counts.expected && !counts.predicted) return '-'.padStart(width);
      const { recall, precision } = precisionRecall(counts);
      return `${counts.expected ? pct(recall) : '    -'} ${counts.predicted ? pct(precision) : '    -'}`.padStart(
        width,
      );
    });
    return `${field.padEnd(24)}${cells.join('')}`;
  });
  const mean = `${'mean per file'.padEnd(24)}${names
    .map((n) => `${pct(groups[n].recall)} ${pct(groups[n].precision)}`.padStart(width))
    .join('')}`;
  return [header, sub, ...rows, mean].join('\n');
}

/** Truth next to the parse, field by field, for `eval:import --explain <file>`. */
export function explainImport(truth: ResumeTruth, parsed: ParsedLike): string {
  const mark = (ok: boolean | undefined) => (ok === undefined ? '     ' : ok ? '  ok ' : '  -- ');
  const lines: string[] = [];
  const pair = (label: string, expected: string | undefined, got: string | undefined, ok: boolean) =>
    lines.push(
      `${mark(ok)}${label.padEnd(22)} truth: ${expected ?? '∅'}\n${''.padEnd(27)} parsed: ${got ?? '∅'}`,
    );
  pair('name', truth.name, parsed.basics?.name, sameText(truth.name, parsed.basics?.name));
  pair('email', truth.email, parsed.basics?.email, sameEmail(truth.email, parsed.basics?.email));
  pair('phone', truth.phone, parsed.basics?.phone, samePhone(truth.phone, parsed.basics?.phone));
  const entry = (e: { organisation?: string; position?: string; startYear?: string }) =>
    `${e.organisation ?? '∅'} | ${e.position ?? '∅'} | ${e.startYear ?? '∅'}`;
  lines.push('work + volunteer (truth):');
  for (const e of [...truth.work, ...truth.volunteer]) lines.push(`      ${entry(e)}`);
  lines.push('work + volunteer (parsed):');
  for (const w of parsed.work ?? [])
    lines.push(
      `      work: ${entry({ organisation: w.name, position: w.position, startYear: yearOf(w.startDate) })}`,
    );
  for (const v of parsed.volunteer ?? [])
    lines.push(
      `      volunteer: ${entry({ organisation: v.organization ?? v.name, position: v.position, startYear: yearOf(v.startDate) })}`,
    );
  lines.push('education (truth):');
  for (const e of truth.education) lines.push(`      ${e.institution} | ${e.area ?? '∅'}`);
  lines.push('education (parsed):');
  for (const e of parsed.education ?? []) lines.push(`      ${e.institution ?? '∅'} | ${e.area ?? '∅'}`);
  const parsedSkills = [
    ...(parsed.skillNames ?? []),
    ...(parsed.skills ?? []).flatMap((s) => s.keywords ?? []),
  ];
  const parsedKeys = new Set(parsedSkills.map(normaliseText));
  const truthKeys = new Set(truth.skills.map(normaliseText));
  lines.push(
    `skills missed: ${truth.skills.filter((s) => !parsedKeys.has(normaliseText(s))).join(', ') || '∅'}`,
  );
  lines.push(
    `skills extra:  ${[...new Set(parsedSkills)].filter((s) => !truthKeys.has(normaliseText(s))).join(', ') || '∅'}`,
  );
  const score = scoreImport(truth, parsed);
  lines.push(`\n${formatScores({ file: score })}`);
  return lines.join('\n');
}
