/**
 * Ranking and calibration figures of a judged set: pure functions over graded, scored postings.
 * Relevant means grade ≥ 2 (a recruiter would call it a good or strong fit); NDCG uses the grades
 * themselves as gains (0–3) with the usual log2 discount; worst-in-top-10 counts grade-0 postings.
 */

export type Grade = 0 | 1 | 2 | 3;
export const GRADES: readonly Grade[] = [0, 1, 2, 3];
export const RELEVANT_GRADE = 2;

/** One posting as the platform ranked it for one resume. */
export interface ScoredPosting {
  postingId: string;
  grade: Grade;
  score: number;
  verdict: string;
}

export interface RankingFigures {
  p5: number;
  p10: number;
  ndcg10: number;
  /** Grade-0 postings among the first ten. */
  worstInTop10: number;
}

export interface Distribution {
  count: number;
  min: number;
  median: number;
  max: number;
}

const dcg = (gains: number[]) => gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);

/** `ranked` best first; every judged posting of the resume should be in it (unranked ones last). */
export function rankingFigures(ranked: readonly { grade: Grade }[]): RankingFigures {
  const grades = ranked.map((item) => item.grade);
  const relevantIn = (k: number) => grades.slice(0, k).filter((grade) => grade >= RELEVANT_GRADE).length;
  const ideal = [...grades].sort((a, b) => b - a);
  const idealDcg = dcg(ideal.slice(0, 10));
  return {
    p5: relevantIn(5) / 5,
    p10: relevantIn(10) / 10,
    ndcg10: idealDcg > 0 ? dcg(grades.slice(0, 10)) / idealDcg : 0,
    worstInTop10: grades.slice(0, 10).filter((grade) => grade === 0).length,
  };
}

export function meanFigures(figures: readonly RankingFigures[]): RankingFigures {
  const mean = (pick: (figure: RankingFigures) => number) =>
    figures.reduce((sum, figure) => sum + pick(figure), 0) / Math.max(1, figures.length);
  return {
    p5: mean((figure) => figure.p5),
    p10: mean((figure) => figure.p10),
    ndcg10: mean((figure) => figure.ndcg10),
    // A count: the total over the resumes.
    worstInTop10: figures.reduce((sum, figure) => sum + figure.worstInTop10, 0),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    min: values.length ? Math.min(...values) : NaN,
    median: median(values),
    max: values.length ? Math.max(...values) : NaN,
  };
}

/** Score distribution of each grade over every (resume, posting) pair. */
export function scoresByGrade(pairs: readonly ScoredPosting[]): Record<Grade, Distribution> {
  return Object.fromEntries(
    GRADES.map((grade) => [
      grade,
      distribution(pairs.filter((pair) => pair.grade === grade).map((pair) => pair.score)),
    ]),
  ) as Record<Grade, Distribution>;
}

/** How many pairs of each grade got each verdict. */
export function verdictsByGrade(pairs: readonly ScoredPosting[]): Record<Grade, Record<string, number>> {
  const counts = Object.fromEntries(GRADES.map((grade) => [grade, {}])) as Record<
    Grade,
    Record<string, number>
  >;
  for (const pair of pairs) counts[pair.grade][pair.verdict] = (counts[pair.grade][pair.verdict] ?? 0) + 1;
  return counts;
}

/** How many pairs of each grade score at or above `threshold` (would be announced), and of how many. */
export function announcedByGrade(
  pairs: readonly ScoredPosting[],
  threshold: number,
): Record<Grade, { announced: number; of: number }> {
  return Object.fromEntries(
    GRADES.map((grade) => {
      const ofGrade = pairs.filter((pair) => pair.grade === grade);
      return [
        grade,
        { announced: ofGrade.filter((pair) => pair.score >= threshold).length, of: ofGrade.length },
      ];
    }),
  ) as Record<Grade, { announced: number; of: number }>;
}

/** The calibration bands of issue #22: where each grade's median has to land. */
export const GRADE_BANDS: Record<Grade, { min: number; max: number }> = {
  3: { min: 80, max: 100 },
  2: { min: 65, max: 80 },
  1: { min: 45, max: 65 },
  0: { min: 0, max: 30 },
};
