/**
 * Weighted logistic regression by Newton's method, for the face probability models (any number of
 * features). Each set of samples shares one weight (the real and the generated dev sets weigh as chosen,
 * whatever their face counts); a small ridge keeps the fit defined when a feature is constant or separates
 * the classes, pulling the weights towards `prior` (by default the identity on the second feature: w = [0, 1, 0, …]).
 * @internal
 */

/** One sample: feature vector (constant 1 first) and outcome (1 right, 0 wrong). */
export interface LogisticSample {
  x: readonly number[];
  y: number;
}

/** Fits weights minimising the weighted log loss plus Σ ridgeᵢ·(wᵢ − priorᵢ)²/2 (`ridge`: one number for all weights, or one per weight). */
export function fitWeightedLogistic(sets: readonly (readonly LogisticSample[])[], setWeights: readonly number[], ridge: number | readonly number[] = 1e-3, prior?: readonly number[]): number[] {
  const d = sets.find((s) => s.length > 0)?.[0].x.length ?? 0;
  const p0 = prior ?? Array.from({ length: d }, (_, i) => (i === 1 ? 1 : 0));
  const w = [...p0];
  for (let iter = 0; iter < 100; iter++) {
    const g = new Array(d).fill(0);
    const h = Array.from({ length: d }, () => new Array(d).fill(0));
    sets.forEach((set, k) => {
      const weight = setWeights[k] / Math.max(1, set.length);
      for (const s of set) {
        let z = 0;
        for (let i = 0; i < d; i++) z += s.x[i] * w[i];
        const p = 1 / (1 + Math.exp(-z));
        const v = weight * p * (1 - p);
        for (let i = 0; i < d; i++) {
          if (s.x[i] === 0) continue;
          g[i] += weight * (p - s.y) * s.x[i];
          for (let j = 0; j < d; j++) h[i][j] += v * s.x[i] * s.x[j];
        }
      }
    });
    for (let i = 0; i < d; i++) {
      const r = typeof ridge === 'number' ? ridge : (ridge[i] ?? 1e-3);
      g[i] += r * (w[i] - p0[i]);
      h[i][i] += r;
    }
    const step = solve(h, g);
    for (let i = 0; i < d; i++) w[i] -= step[i];
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

/** Solves `a·x = b` (Gaussian elimination with partial pivoting; a is small). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}
