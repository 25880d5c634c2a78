import { mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseJsonResumeJobs } from '@hiregraph/subgraph-jobs/ingestion/json-resume';
import { JUDGED_SET_DIR, gradeCounts, loadJudgedSet, postingsFeed } from './judged-set.js';

// What issue #16 asks of the set: several trades and levels, enough postings, and for every resume
// enough strong and good fits that P@10 and NDCG@10 mean something.
const MIN_RESUMES = 4;
const MIN_POSTINGS = 160;
const MIN_PER_GOOD_GRADE = 11;
const MIN_WRONG = 11;
const MIN_MEDIAN_DESCRIPTION = 1500;

const set = loadJudgedSet();

describe('judged matching set', () => {
  it('has enough resumes and postings, each posting with a unique id, url and title+company', () => {
    expect(set.resumes.length).toBeGreaterThanOrEqual(MIN_RESUMES);
    expect(set.postings.length).toBeGreaterThanOrEqual(MIN_POSTINGS);
    const ids = set.postings.map((posting) => posting.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(set.postings.map((posting) => posting.url)).size).toBe(ids.length);
    // Two postings with the same title at the same company would be one job to a reader.
    const keys = set.postings.map((posting) => `${posting.title}@${posting.company}`);
    expect(new Set(keys).size).toBe(ids.length);
  });

  it('grades every posting for every resume, and nothing else', () => {
    const postingIds = set.postings.map((posting) => posting.id).sort();
    expect(Object.keys(set.grades).sort()).toEqual(set.resumes.map((resume) => resume.id).sort());
    for (const resume of set.resumes) {
      expect({ resume: resume.id, graded: Object.keys(set.grades[resume.id]).sort() }).toEqual({
        resume: resume.id,
        graded: postingIds,
      });
    }
  });

  it('gives a reason for every grade above 0, and only for graded postings', () => {
    for (const resume of set.resumes) {
      const grades = set.grades[resume.id];
      const notes = set.notes[resume.id] ?? {};
      const unexplained = Object.keys(grades).filter((id) => grades[id] > 0 && !notes[id]);
      const stray = Object.keys(notes).filter((id) => grades[id] === undefined);
      expect({ resume: resume.id, unexplained, stray }).toEqual({
        resume: resume.id,
        unexplained: [],
        stray: [],
      });
    }
  });

  it('gives every resume enough strong and good fits, and wrong ones to avoid', () => {
    for (const resume of set.resumes) {
      const [wrong, stretch, good, strong] = gradeCounts(set, resume.id);
      // The resume's id in the compared value names the one that falls short.
      expect({
        resume: resume.id,
        enoughStrong: strong >= MIN_PER_GOOD_GRADE,
        enoughGood: good >= MIN_PER_GOOD_GRADE,
      }).toEqual({ resume: resume.id, enoughStrong: true, enoughGood: true });
      // Gold-worst postings must exist for "no wrong posting in the top 10" to be tested.
      expect({ resume: resume.id, enoughWrong: wrong >= MIN_WRONG, someStretch: stretch > 0 }).toEqual({
        resume: resume.id,
        enoughWrong: true,
        someStretch: true,
      });
    }
  });

  it('has postings as long and noisy as real ones', () => {
    // Counted without markup: some postings arrive as HTML, the way ATS feeds give them.
    const lengths = set.postings
      .map((posting) => posting.description.replace(/<[^>]+>/g, '').length)
      .sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThan(MIN_MEDIAN_DESCRIPTION);
    // Real boards vary: not every posting states pay, a location or a remote policy.
    const share = (count: number) => count / set.postings.length;
    expect(share(set.postings.filter((posting) => posting.salary).length)).toBeLessThan(1);
    expect(share(set.postings.filter((posting) => posting.salary).length)).toBeGreaterThan(0.5);
    expect(
      share(set.postings.filter((posting) => posting.description.includes('</p>')).length),
    ).toBeGreaterThan(0.1);
    expect(new Set(set.postings.map((posting) => posting.company)).size).toBeGreaterThan(
      set.postings.length / 2,
    );
  });

  it('is read by the importJobs JSON_RESUME parser unchanged, every posting kept', async () => {
    const parsed = [];
    for await (const item of parseJsonResumeJobs(postingsFeed(set))) parsed.push(item);
    expect(parsed.filter((item) => !item.ok)).toEqual([]);
    expect(parsed.map((item) => item.ok && item.posting.externalId)).toEqual(set.postings.map((p) => p.id));
    for (const item of parsed) {
      if (!item.ok) continue;
      expect(item.posting.description?.length).toBeGreaterThan(200);
      expect(item.posting.employmentType).not.toBeNull();
    }
  });

  it('refuses a grades file with a grade outside 0–3, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'judged-set-'));
    cpSync(JUDGED_SET_DIR, dir, { recursive: true });
    const gradesFile = path.join(dir, 'grades.json');
    const file = JSON.parse(readFileSync(gradesFile, 'utf8'));
    const [resumeId] = Object.keys(file.grades);
    const [postingId] = Object.keys(file.grades[resumeId]);
    file.grades[resumeId][postingId] = 4;
    writeFileSync(gradesFile, JSON.stringify(file));
    expect(() => loadJudgedSet(dir)).toThrow(/grades\.json/);
  });
});
