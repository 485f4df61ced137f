/**
 * Expected calibration error: confidences binned into equal-width bins on [0, 1];
 * ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|.
 * @internal
 */

/** Accumulates (confidence, correctness) pairs; correctness may be fractional (a part's accuracy). */
export class CalibrationAccumulator {
  readonly count: number[];
  readonly confidenceSum: number[];
  readonly correctSum: number[];
  constructor(readonly bins = 10) {
    this.count = new Array<number>(bins).fill(0);
    this.confidenceSum = new Array<number>(bins).fill(0);
    this.correctSum = new Array<number>(bins).fill(0);
  }
  add(confidence: number, correct: number): void {
    if (!Number.isFinite(confidence)) return;
    const c = Math.min(1, Math.max(0, confidence));
    const b = Math.min(this.bins - 1, Math.floor(c * this.bins));
    this.count[b]++;
    this.confidenceSum[b] += c;
    this.correctSum[b] += correct;
  }
  result(): { ece: number | null; samples: number; meanConfidence: number | null; meanCorrect: number | null; bins: { from: number; to: number; n: number; confidence: number | null; accuracy: number | null }[] } {
    const n = this.count.reduce((s, v) => s + v, 0);
    let ece = 0;
    for (let b = 0; b < this.bins; b++) if (this.count[b] > 0) ece += (this.count[b] / n) * Math.abs(this.correctSum[b] / this.count[b] - this.confidenceSum[b] / this.count[b]);
    return {
      ece: n > 0 ? ece : null,
      samples: n,
      meanConfidence: n > 0 ? this.confidenceSum.reduce((s, v) => s + v, 0) / n : null,
      meanCorrect: n > 0 ? this.correctSum.reduce((s, v) => s + v, 0) / n : null,
      bins: this.count.map((k, b) => ({ from: b / this.bins, to: (b + 1) / this.bins, n: k, confidence: k ? this.confidenceSum[b] / k : null, accuracy: k ? this.correctSum[b] / k : null })),
    };
  }
}
