/**
 * The 0–100 match score people read, from the ranker's raw signals (MatchComponents), by the
 * mapping fitted on the judged matching set (`npm run calibrate:matching`, tools/src/eval/calibrate.ts):
 *
 * 1. a latent fit = Σ weight × signal (an ordinal logistic regression on the recruiter grades 0–3;
 *    a signal the ranker could not compute takes its `fill`, the mean it had on the judged set);
 * 2. a monotone curve from the latent fit to the score, piecewise linear through knots that put
 *    each grade's median in the middle of its band — strong fits ≥ 80 (STRONG), good fits 65–80
 *    (GOOD), stretches 45–65 (PARTIAL), wrong ones < 30 — with exponential tails beyond them.
 *
 * calibration.json holds the fitted model with what it was fitted on and its held-out figures;
 * calibration-data.json the raw signals and grades it was fitted from.
 */
import fitted from './calibration.json' with { type: 'json' };
import type { MatchComponents } from './ranking.js';

export interface CalibrationFeature {
  /** A numeric signal of MatchComponents. */
  signal: string;
  weight: number;
  /** Used when the signal is unknown (null) for a pair. */
  fill: number;
}

export interface CalibrationKnot {
  latent: number;
  score: number;
}

export interface CalibrationModel {
  features: CalibrationFeature[];
  /** Increasing in `latent` and in `score`, inside 0–100. */
  knots: CalibrationKnot[];
  /** Ordinal cut-points on the latent scale (grade ≥ k is more likely than not above cutpoints[k-1]). */
  cutpoints?: number[];
  /** Provenance and held-out figures, for people; not read by the code. */
  fit?: Record<string, unknown>;
}

export const CALIBRATION: CalibrationModel = fitted as CalibrationModel;

/** The latent fit of a pair: the weighted signals. */
export function latentFit(
  components: Partial<Record<string, number | null>>,
  model: CalibrationModel = CALIBRATION,
): number {
  let latent = 0;
  for (const feature of model.features) {
    const value = components[feature.signal];
    latent += feature.weight * (typeof value === 'number' && Number.isFinite(value) ? value : feature.fill);
  }
  return latent;
}

/**
 * The latent fit through the monotone curve, 0–100: linear between the knots, and beyond the ends
 * approaching 0 and 100 exponentially with the end segments' slopes, so the order of the best (and
 * the worst) postings survives instead of piling up at a clamp.
 */
export function scoreFromLatent(latent: number, knots: readonly CalibrationKnot[]): number {
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (knots.length < 2) return first?.score ?? 0;
  const slope = (left: CalibrationKnot, right: CalibrationKnot) =>
    (right.score - left.score) / (right.latent - left.latent || 1);
  if (latent <= first.latent) {
    const rate = slope(first, knots[1]);
    return first.score <= 0 || rate <= 0
      ? first.score
      : first.score * Math.exp(((latent - first.latent) * rate) / first.score);
  }
  if (latent >= last.latent) {
    const room = 100 - last.score;
    const rate = slope(knots[knots.length - 2], last);
    return room <= 0 || rate <= 0
      ? last.score
      : 100 - room * Math.exp(-((latent - last.latent) * rate) / room);
  }
  let i = 1;
  while (latent > knots[i].latent) i++;
  const left = knots[i - 1];
  const right = knots[i];
  return left.score + (latent - left.latent) * slope(left, right);
}

export function calibratedScore(
  components: MatchComponents | Partial<Record<string, number | null>>,
  model: CalibrationModel = CALIBRATION,
): number {
  const score = scoreFromLatent(
    latentFit(components as Partial<Record<string, number | null>>, model),
    model.knots,
  );
  return Math.max(0, Math.min(100, score));
}
