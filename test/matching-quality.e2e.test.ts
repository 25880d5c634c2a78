import { judgedInput } from '@hiregraph/tools/eval/judged-input';
import { runJudgedSet } from '@hiregraph/tools/eval/judged-run';
import { loadJudgedSet } from '@hiregraph/tools/eval/judged-set';
import { GRADE_BANDS, GRADES, RELEVANT_GRADE } from '@hiregraph/tools/eval/metrics';
import { reportOf, type MatchingReport } from '@hiregraph/tools/eval/report';
import { startE2EPlatform, type E2EPlatform } from './support/platform.js';

/**
 * The matching quality gate: the judged set (test/corpus/matching, graded by reading the postings as
 * a recruiter would) through the public API of the running platform, as `npm run eval:matching`
 * runs it. Floors sit a few points under what was measured (docs/operations.md), so a change that
 * makes matching worse on real-style postings fails here instead of passing silently.
 */
const FLOORS = { p5: 0.9, ndcg10: 0.86 };
/**
 * No clearly wrong posting (grade 0) may reach the PARTIAL side of 50, issue #22's line for real
 * postings: measured max 49.5 (none of 599 at or above 50) once people-management roles, part-time
 * terms, allied-health licences, analyst titles and older catch-all titles were read (52.3 before,
 * 4 at or above 50); a change that lets another trade's vocabulary lift a wrong posting back up
 * fails here.
 */
const GRADE_0_CEILING = 50;

describe('matching quality on the judged set, through the API', () => {
  let e2e: E2EPlatform;
  let report: MatchingReport;
  beforeAll(async () => {
    e2e = await startE2EPlatform('matchqual');
    const run = await runJudgedSet(e2e, judgedInput(loadJudgedSet()), { timeoutMs: 150_000 });
    report = reportOf(run);
  }, 240_000);
  afterAll(() => e2e?.stop());

  it('ranks good fits first: P@5 and NDCG@10 above their floors', () => {
    expect(report.overall.p5).toBeGreaterThanOrEqual(FLOORS.p5);
    expect(report.overall.ndcg10).toBeGreaterThanOrEqual(FLOORS.ndcg10);
  });

  it.each(GRADES.map((grade) => [grade]))("puts grade %i's median score in its band", (grade) => {
    const band = GRADE_BANDS[grade];
    expect(report.scores[grade].count).toBeGreaterThan(0);
    expect(report.scores[grade].median).toBeGreaterThanOrEqual(band.min);
    expect(report.scores[grade].median).toBeLessThanOrEqual(band.max);
  });

  it('announces most good fits at the default threshold and few wrong ones', () => {
    const announced = (grades: number[]) =>
      grades.reduce((sum, grade) => sum + report.announced[grade as 0].announced, 0) /
      grades.reduce((sum, grade) => sum + report.announced[grade as 0].of, 0);
    expect(announced([3])).toBeGreaterThanOrEqual(2 / 3);
    expect(announced(GRADES.filter((grade) => grade >= RELEVANT_GRADE))).toBeGreaterThanOrEqual(0.5);
    expect(announced([0])).toBeLessThanOrEqual(0.02);
  });

  it('keeps every clearly wrong posting well under the GOOD line', () => {
    expect(report.scores[0].max).toBeLessThan(GRADE_0_CEILING);
  });
});
