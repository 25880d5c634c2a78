import { scoreFromLatent } from '@hiregraph/subgraph-matching/matches/calibration';
import { calibrate, fitModel, GRADE_ANCHORS, knotsFor, type CalibrationPair } from './fit-calibration.js';
import { median, type Grade } from './metrics.js';

/** Three resumes whose pairs' grade follows one signal, with noise in a second. */
function pairs(): CalibrationPair[] {
  const out: CalibrationPair[] = [];
  for (const resume of ['a', 'b', 'c'])
    for (let i = 0; i < 40; i++) {
      const grade = (i % 4) as Grade;
      out.push({
        resume,
        posting: `p${i}`,
        grade,
        signals: { fit: grade / 3 + ((i * 7) % 5) / 25, noise: ((i * 13) % 11) / 11, freshness: 0.5 },
      });
    }
  return out;
}

describe('the score calibration fit', () => {
  it('puts each grade’s median latent fit on the middle of its band', () => {
    const knots = knotsFor([0, 1, 2, 3, 4, 5, 6, 7], [0, 0, 1, 1, 2, 2, 3, 3]);
    expect(knots.map((knot) => knot.score)).toEqual([15, 55, 72.5, 90]);
    expect(knots.map((knot) => knot.latent)).toEqual([0.5, 2.5, 4.5, 6.5]);
  });

  it('pools grades whose medians come out of order, so the curve stays increasing', () => {
    const knots = knotsFor([0, 0, 3, 3, 2, 2, 5, 5], [0, 0, 1, 1, 2, 2, 3, 3]);
    expect(knots).toEqual([
      { latent: 0, score: 15 },
      { latent: 2.5, score: (55 + 72.5) / 2 },
      { latent: 5, score: 90 },
    ]);
  });

  it('fitted on graded pairs, lands every grade median in its band and never fits on freshness', () => {
    const data = pairs();
    const model = fitModel(data, { signals: ['fit', 'noise'], l2: 0.01, balanced: false });
    const fitWeight = model.features.find((feature) => feature.signal === 'fit')!.weight;
    const noiseWeight = model.features.find((feature) => feature.signal === 'noise')!.weight;
    expect(fitWeight).toBeGreaterThan(5 * Math.abs(noiseWeight));
    for (const grade of [0, 1, 2, 3] as Grade[]) {
      const scores = data
        .filter((pair) => pair.grade === grade)
        .map((pair) =>
          scoreFromLatent(
            model.features.reduce((sum, f) => sum + f.weight * (pair.signals[f.signal] ?? f.fill), 0),
            model.knots,
          ),
        );
      // An even count: the median is between two scores, on either side of the knot.
      expect(Math.abs(median(scores) - GRADE_ANCHORS[grade])).toBeLessThan(2);
    }
    const result = calibrate(data, 65, { allSignals: true });
    expect(result.model.features.map((feature) => feature.signal)).not.toContain('freshness');
    expect(result.heldOut.overall.ndcg10).toBeGreaterThan(0.9);
  });
});
