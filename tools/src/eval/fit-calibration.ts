/**
 * Fits the score calibration (subgraphs/matching/src/matches/calibration.ts) on judged pairs: an
 * ordinal logistic regression from the ranker's raw signals to the recruiter grade gives the latent
 * fit (and so the order), and a monotone curve through each grade's median latent fit gives the
 * score (grade 0 → 15, 1 → 55, 2 → 72.5, 3 → 90: the middle of each band). Configurations (which
 * signals, how much L2, balanced grades or not) are chosen by leave-one-resume-out cross-validation,
 * and the held-out figures are what the report states: the fitted set itself proves nothing.
 */
import type { CalibrationKnot, CalibrationModel } from '@hiregraph/subgraph-matching/matches/calibration';
import { latentFit, scoreFromLatent } from '@hiregraph/subgraph-matching/matches/calibration';
import {
  announcedByGrade,
  GRADES,
  meanFigures,
  median,
  rankingFigures,
  scoresByGrade,
  type Distribution,
  type Grade,
  type RankingFigures,
  type ScoredPosting,
} from './metrics.js';
import { fitOrdinal } from './ordinal.js';

/** One judged (resume, posting) pair with the ranker's raw signals for it. */
export interface CalibrationPair {
  resume: string;
  posting: string;
  grade: Grade;
  signals: Record<string, number | null>;
}

/** Where each grade's median lands: the middle of its band. */
export const GRADE_ANCHORS: Record<Grade, number> = { 0: 15, 1: 55, 2: 72.5, 3: 90 };

/** Signals never fitted on: freshness is a tie-breaker added after calibration. */
const EXCLUDED_SIGNALS = new Set(['freshness']);

export interface FitConfig {
  signals: string[];
  l2: number;
  balanced: boolean;
}

export interface HeldOutFigures {
  overall: RankingFigures;
  perResume: Record<string, RankingFigures>;
  scores: Record<Grade, Distribution>;
  announced: Record<Grade, { announced: number; of: number }>;
  /** Announced per grade at other thresholds, to choose the default by. */
  sweep: Record<number, Record<Grade, { announced: number; of: number }>>;
}

export const THRESHOLD_SWEEP = [50, 55, 60, 65, 70, 75, 80];

export interface CalibrationResult {
  model: CalibrationModel;
  config: FitConfig;
  heldOut: HeldOutFigures;
  /** Every configuration tried, with its held-out ranking figures. */
  tried: { config: FitConfig; heldOut: RankingFigures }[];
}

/** Numeric signals present in the data, in a stable order. */
export function signalsOf(pairs: readonly CalibrationPair[]): string[] {
  const names = new Set<string>();
  for (const pair of pairs)
    for (const [name, value] of Object.entries(pair.signals))
      if (!EXCLUDED_SIGNALS.has(name) && (typeof value === 'number' || value === null)) names.add(name);
  return [...names].sort();
}

/** Fits weights, fills and knots on `pairs` with one configuration. */
export function fitModel(pairs: readonly CalibrationPair[], config: FitConfig): CalibrationModel {
  const fills = config.signals.map((signal) => {
    const known = pairs.map((pair) => pair.signals[signal]).filter((v): v is number => typeof v === 'number');
    return known.length ? known.reduce((sum, v) => sum + v, 0) / known.length : 0;
  });
  const rows = pairs.map((pair) =>
    config.signals.map((signal, j) => {
      const value = pair.signals[signal];
      return typeof value === 'number' && Number.isFinite(value) ? value : fills[j];
    }),
  );
  const labels = pairs.map((pair) => pair.grade);
  const counts = GRADES.map((grade) => labels.filter((label) => label === grade).length);
  const rowWeights = config.balanced
    ? labels.map((label) => pairs.length / (GRADES.length * Math.max(1, counts[label])))
    : undefined;
  const fit = fitOrdinal(rows, labels, { levels: GRADES.length, l2: config.l2, rowWeights });
  const features = config.signals.map((signal, j) => ({
    signal,
    weight: round(fit.weights[j], 6),
    fill: round(fills[j], 6),
  }));
  const partial: CalibrationModel = { features, knots: [] };
  const latents = pairs.map((pair) => latentFit(pair.signals, partial));
  return {
    features,
    knots: knotsFor(latents, labels as Grade[]),
    cutpoints: fit.cutpoints.map((cut) => round(cut, 6)),
  };
}

/**
 * The knots of the monotone curve: each grade's median latent fit → its anchor score, pooled where
 * medians come out of order (pool adjacent violators), so the curve stays increasing.
 */
export function knotsFor(latents: readonly number[], grades: readonly Grade[]): CalibrationKnot[] {
  const points = GRADES.filter((grade) => grades.includes(grade)).map((grade) => ({
    latent: median(latents.filter((_, i) => grades[i] === grade)),
    score: GRADE_ANCHORS[grade],
    weight: 1,
  }));
  for (let i = 1; i < points.length;) {
    if (points[i].latent > points[i - 1].latent + 1e-9) {
      i++;
      continue;
    }
    const [left, right] = [points[i - 1], points[i]];
    const weight = left.weight + right.weight;
    points.splice(i - 1, 2, {
      latent: (left.latent * left.weight + right.latent * right.weight) / weight,
      score: (left.score * left.weight + right.score * right.weight) / weight,
      weight,
    });
    i = Math.max(1, i - 1);
  }
  if (points.length === 1) points.push({ latent: points[0].latent + 1, score: 100, weight: 1 });
  return points.map((point) => ({ latent: round(point.latent, 6), score: round(point.score, 3) }));
}

function scorePairs(
  pairs: readonly CalibrationPair[],
  model: CalibrationModel,
): (ScoredPosting & { resume: string; latent: number })[] {
  return pairs.map((pair) => {
    const latent = latentFit(pair.signals, model);
    return {
      resume: pair.resume,
      postingId: pair.posting,
      grade: pair.grade,
      latent,
      score: Math.round(scoreFromLatent(latent, model.knots) * 10) / 10,
      verdict: '',
    };
  });
}

/** Leave-one-resume-out: each resume scored by a model fitted on the others. */
export function crossValidate(
  pairs: readonly CalibrationPair[],
  config: FitConfig,
  threshold: number,
): HeldOutFigures {
  const resumes = [...new Set(pairs.map((pair) => pair.resume))];
  const scored: (ScoredPosting & { resume: string; latent: number })[] = [];
  for (const resume of resumes) {
    const training = pairs.filter((pair) => pair.resume !== resume);
    const model = fitModel(training, config);
    scored.push(
      ...scorePairs(
        pairs.filter((pair) => pair.resume === resume),
        model,
      ),
    );
  }
  return figuresOf(scored, threshold);
}

export function figuresOf(
  scored: readonly (ScoredPosting & { resume: string; latent: number })[],
  threshold: number,
): HeldOutFigures {
  const perResume: Record<string, RankingFigures> = {};
  for (const resume of new Set(scored.map((item) => item.resume))) {
    const ranked = scored
      .filter((item) => item.resume === resume)
      .sort((a, b) => b.score - a.score || b.latent - a.latent);
    perResume[resume] = rankingFigures(ranked);
  }
  return {
    overall: meanFigures(Object.values(perResume)),
    perResume,
    scores: scoresByGrade(scored),
    announced: announcedByGrade(scored, threshold),
    sweep: Object.fromEntries(THRESHOLD_SWEEP.map((value) => [value, announcedByGrade(scored, value)])),
  };
}

/**
 * The configurations tried. By default only the hand-weighted blend is calibrated (its scale, not
 * its order): the judged set has no owner preferences and hardly any junk, so a model fitted on the
 * separate signals learns nothing about location, salary or spam and dilutes the penalties the blend
 * applies for them. `allSignals` also tries every signal with its own weight, for exploration.
 */
export function configurations(signals: readonly string[], allSignals = false): FitConfig[] {
  const sets = [signals.includes('blend') ? ['blend'] : [], allSignals ? [...signals] : []].filter(
    (set) => set.length > 0,
  );
  const configs: FitConfig[] = [];
  for (const set of sets)
    for (const l2 of set.length === 1 ? [0.01] : [0.01, 0.1, 1, 3, 10])
      for (const balanced of [false, true]) configs.push({ signals: set, l2, balanced });
  return configs;
}

/** Held-out NDCG@10 + P@5 differences smaller than this are noise on a set of this size. */
const MERIT_TOLERANCE = 0.01;

/** Tries every configuration under cross-validation, keeps the best held-out ranking, fits it on all pairs. */
export function calibrate(
  pairs: readonly CalibrationPair[],
  threshold: number,
  options: { allSignals?: boolean } = {},
): CalibrationResult {
  const tried = configurations(signalsOf(pairs), options.allSignals).map((config) => ({
    config,
    figures: crossValidate(pairs, config, threshold),
  }));
  const merit = (figures: HeldOutFigures) => figures.overall.ndcg10 + figures.overall.p5;
  const top = Math.max(...tried.map((item) => merit(item.figures)));
  // Within a hair of the best, the simplest and most regularized wins: a few hundred pairs from a
  // handful of resumes cannot tell such configurations apart, and the sturdier one travels better.
  const best = tried
    .filter((item) => merit(item.figures) >= top - MERIT_TOLERANCE)
    .sort(
      (left, right) =>
        left.config.signals.length - right.config.signals.length ||
        right.config.l2 - left.config.l2 ||
        Number(left.config.balanced) - Number(right.config.balanced),
    )[0];
  const model = fitModel(pairs, best.config);
  return {
    model,
    config: best.config,
    heldOut: best.figures,
    tried: tried.map((item) => ({ config: item.config, heldOut: item.figures.overall })),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
