/** The judged set (test/corpus/matching, `loadJudgedSet`) as the API run takes it. */
import type { JudgedSet } from './judged-set.js';
import type { JudgedInput } from './judged-run.js';
import type { Grade } from './metrics.js';

export function judgedInput(set: JudgedSet): JudgedInput {
  return {
    resumes: set.resumes.map(({ id, resume }) => ({
      id,
      document: resume as Record<string, unknown>,
      grades: new Map(Object.entries(set.grades[id] ?? {}) as [string, Grade][]),
    })),
    postings: set.postings.map((posting) => ({ id: posting.id, document: { ...posting } })),
  };
}
