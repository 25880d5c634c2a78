import { fitOrdinal } from './ordinal.js';

/** mulberry32: seeded, so the test data is the same on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fitOrdinal', () => {
  it('recovers the direction and the ordered cut-points of a known proportional-odds model', () => {
    const random = rng(7);
    const rows: number[][] = [];
    const labels: number[] = [];
    const truth = { weights: [3, -2, 0], cuts: [-1, 0.5, 2] };
    for (let i = 0; i < 800; i++) {
      const x = [random(), random(), random()];
      const eta = x.reduce((sum, v, j) => sum + truth.weights[j] * v, 0);
      // Logistic noise: latent + ε, graded by the true cut-points.
      const u = random();
      const latent = eta + Math.log(u / (1 - u));
      labels.push(truth.cuts.filter((cut) => latent > cut).length);
      rows.push(x);
    }
    const fit = fitOrdinal(rows, labels, { levels: 4, l2: 0 });
    expect(fit.weights[0]).toBeCloseTo(3, 0);
    expect(fit.weights[1]).toBeCloseTo(-2, 0);
    expect(Math.abs(fit.weights[2])).toBeLessThan(0.6);
    expect(fit.cutpoints[0]).toBeLessThan(fit.cutpoints[1]);
    expect(fit.cutpoints[1]).toBeLessThan(fit.cutpoints[2]);
    fit.cutpoints.forEach((cut, k) => expect(cut).toBeCloseTo(truth.cuts[k], 0));
  });

  it('shrinks the weights with a larger L2 penalty', () => {
    const rows = [[0], [0.2], [0.4], [0.6], [0.8], [1]];
    const labels = [0, 0, 1, 2, 3, 3];
    const loose = fitOrdinal(rows, labels, { levels: 4, l2: 0.001 });
    const tight = fitOrdinal(rows, labels, { levels: 4, l2: 1 });
    expect(tight.weights[0]).toBeGreaterThan(0);
    expect(tight.weights[0]).toBeLessThan(loose.weights[0]);
  });
});
