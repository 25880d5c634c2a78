/**
 * Ordinal logistic regression (proportional odds, cumulative logit): P(grade ≥ k | x) = σ(w·x − c_k)
 * for k = 1..K−1 with c_1 < c_2 < … , fitted by full-batch Adam on the (weighted) negative
 * log-likelihood with an L2 penalty on w. Features are standardized for the fit and the weights
 * returned on the original scale. Small and dependency-free: no maintained npm package fits an
 * ordinal model, and the judged set is a few hundred rows.
 */

export interface OrdinalFit {
  /** Weights on the original feature scale. */
  weights: number[];
  /** Increasing cut-points on the latent scale w·x (original scale). */
  cutpoints: number[];
  /** Mean negative log-likelihood per (weighted) row at the end. */
  loss: number;
}

export interface OrdinalOptions {
  /** Number of grades K (labels 0..K−1). */
  levels: number;
  /** L2 penalty on the standardized weights. */
  l2?: number;
  /** Per-row weights (e.g. to balance rare grades); default 1. */
  rowWeights?: number[];
  iterations?: number;
  learningRate?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitOrdinal(rows: number[][], labels: number[], options: OrdinalOptions): OrdinalFit {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const K = options.levels;
  const l2 = options.l2 ?? 0.01;
  const rowWeights = options.rowWeights ?? rows.map(() => 1);
  const totalWeight = rowWeights.reduce((sum, w) => sum + w, 0);
  const means = Array.from({ length: d }, (_, j) => rows.reduce((sum, row) => sum + row[j], 0) / n);
  const scales = Array.from({ length: d }, (_, j) => {
    const variance = rows.reduce((sum, row) => sum + (row[j] - means[j]) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  const x = rows.map((row) => row.map((value, j) => (value - means[j]) / scales[j]));

  // Parameters: w (d), u (K−1): c_1 = u_0, c_k = c_{k−1} + exp(u_{k−1}).
  // Cut-points start one unit apart, centred on 0.
  const params = new Array(d + K - 1).fill(0);
  params[d] = -(K - 2) / 2;
  const m = new Array(params.length).fill(0);
  const v = new Array(params.length).fill(0);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const rate = options.learningRate ?? 0.05;
  const iterations = options.iterations ?? 3000;
  let loss = Infinity;

  const cutsOf = (p: number[]) => {
    const cuts = [p[d]];
    for (let k = 1; k < K - 1; k++) cuts.push(cuts[k - 1] + Math.exp(p[d + k]));
    return cuts;
  };

  for (let step = 1; step <= iterations; step++) {
    const cuts = cutsOf(params);
    const grad = new Array(params.length).fill(0);
    const gradCuts = new Array(K - 1).fill(0);
    loss = 0;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < d; j++) eta += params[j] * x[i][j];
      const y = labels[i];
      // a = P(grade ≥ y), b = P(grade ≥ y+1)
      const a = y === 0 ? 1 : sigmoid(eta - cuts[y - 1]);
      const b = y === K - 1 ? 0 : sigmoid(eta - cuts[y]);
      const p = Math.max(a - b, 1e-12);
      const w = rowWeights[i];
      loss -= w * Math.log(p);
      const da = y === 0 ? 0 : a * (1 - a);
      const db = y === K - 1 ? 0 : b * (1 - b);
      // d(−log p)/dη and d(−log p)/dc
      const dEta = -(da - db) / p;
      for (let j = 0; j < d; j++) grad[j] += w * dEta * x[i][j];
      if (y > 0) gradCuts[y - 1] += (w * da) / p;
      if (y < K - 1) gradCuts[y] -= (w * db) / p;
    }
    loss /= totalWeight;
    for (let j = 0; j < d; j++) grad[j] = grad[j] / totalWeight + l2 * params[j];
    // Chain rule through the ordered parametrization: c_k depends on u_0..u_{k−1}.
    for (let k = 0; k < K - 1; k++) {
      let sum = 0;
      for (let later = k; later < K - 1; later++) sum += gradCuts[later];
      grad[d + k] = (sum / totalWeight) * (k === 0 ? 1 : Math.exp(params[d + k]));
    }
    for (let q = 0; q < params.length; q++) {
      m[q] = beta1 * m[q] + (1 - beta1) * grad[q];
      v[q] = beta2 * v[q] + (1 - beta2) * grad[q] ** 2;
      const mHat = m[q] / (1 - beta1 ** step);
      const vHat = v[q] / (1 - beta2 ** step);
      params[q] -= (rate * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  // Back to the original scale: w·z = Σ w_j (x_j − μ_j)/σ_j = Σ (w_j/σ_j) x_j − Σ w_j μ_j/σ_j.
  const weights = params.slice(0, d).map((w, j) => w / scales[j]);
  const offset = params.slice(0, d).reduce((sum, w, j) => sum + (w * means[j]) / scales[j], 0);
  return { weights, cutpoints: cutsOf(params).map((cut) => cut + offset), loss };
}
