import type { ParsedResume } from '../parse-resume.js';
import type { SampleResume } from './sample-resumes.js';

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
