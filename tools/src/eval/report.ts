/** The matching evaluation's printed report: figures per resume and overall, and the score scale per grade. */
import type { JudgedRun } from './judged-run.js';
import {
  announcedByGrade,
  GRADE_BANDS,
  GRADES,
  meanFigures,
  rankingFigures,
  scoresByGrade,
  verdictsByGrade,
  type Distribution,
  type Grade,
  type RankingFigures,
  type ScoredPosting,
} from './metrics.js';

export interface MatchingReport {
  perResume: { id: string; figures: RankingFigures; top: ScoredPosting[] }[];
  overall: RankingFigures;
  scores: Record<Grade, Distribution>;
  verdicts: Record<Grade, Record<string, number>>;
  threshold: number;
  announced: Record<Grade, { announced: number; of: number }>;
}

/** Figures of a run; judged postings matching did not return rank last (grade counted, score 0). */
export function reportOf(run: JudgedRun): MatchingReport {
  const perResume = run.results.map((result) => {
    const ranked: ScoredPosting[] = [
      ...result.ranked,
      ...result.unmatched.map((postingId) => ({
        postingId,
        grade: result.resume.grades.get(postingId)!,
        score: 0,
        verdict: 'UNMATCHED',
      })),
    ];
    return { id: result.resume.id, figures: rankingFigures(ranked), top: ranked.slice(0, 10) };
  });
  const pairs = run.results.flatMap((result) => result.ranked);
  return {
    perResume,
    overall: meanFigures(perResume.map((item) => item.figures)),
    scores: scoresByGrade(pairs),
    verdicts: verdictsByGrade(pairs),
    threshold: run.defaultThreshold,
    announced: announcedByGrade(pairs, run.defaultThreshold),
  };
}

const fixed = (value: number, digits = 2) => (Number.isNaN(value) ? '—' : value.toFixed(digits));
const figuresLine = (figures: RankingFigures, worstOf: number) =>
  `P@5 ${fixed(figures.p5)}  P@10 ${fixed(figures.p10)}  NDCG@10 ${fixed(figures.ndcg10, 3)}  grade-0 in top 10: ${figures.worstInTop10}/${worstOf}`;

export function formatReport(report: MatchingReport, options: { showTop?: boolean } = {}): string {
  const lines: string[] = [];
  const width = Math.max(8, ...report.perResume.map((item) => item.id.length)) + 2;
  for (const item of report.perResume) {
    lines.push(`${item.id.padEnd(width)}${figuresLine(item.figures, 10)}`);
    if (options.showTop)
      for (const top of item.top)
        lines.push(
          `${' '.repeat(width + 2)}${top.score.toFixed(1).padStart(5)} ${top.verdict.padEnd(8)} g${top.grade} ${top.postingId}`,
        );
  }
  lines.push(`${'mean'.padEnd(width)}${figuresLine(report.overall, 10 * report.perResume.length)}`);
  lines.push('');
  lines.push('score per grade (every resume × posting pair):');
  for (const grade of [...GRADES].reverse()) {
    const { count, min, median, max } = report.scores[grade];
    const band = GRADE_BANDS[grade];
    const inBand = median >= band.min && median <= band.max;
    const verdicts = Object.entries(report.verdicts[grade])
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([verdict, n]) => `${verdict} ${n}`)
      .join(', ');
    lines.push(
      `  grade ${grade} (${String(count).padStart(3)} pairs)  min ${fixed(min, 1).padStart(5)}  median ${fixed(median, 1).padStart(5)}  max ${fixed(max, 1).padStart(5)}` +
        `  band ${band.min}–${band.max} ${inBand ? 'ok' : 'MISSED'}  verdicts: ${verdicts}`,
    );
  }
  lines.push('');
  lines.push(
    `announced at the default threshold (${report.threshold}): ` +
      [...GRADES]
        .reverse()
        .map((grade) => `grade ${grade} ${report.announced[grade].announced}/${report.announced[grade].of}`)
        .join(', '),
  );
  return lines.join('\n');
}
