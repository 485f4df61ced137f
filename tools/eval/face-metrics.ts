/**
 * Per-face classification metrics with prediction-only columns (classes a recognizer may answer that no
 * label row has, e.g. `other_feature`: the face got a class, just not a countable one) and a last
 * "no counterpart" column (`none`: no prediction at all): both count as wrong for every label.
 */
export interface FaceMetrics {
  classNames: readonly string[];
  faces: number;
  correct: number;
  accuracy: number;
  /** Prediction-only columns after the class columns (index classNames.length + k), e.g. `other_feature`. */
  predictedOnlyNames: readonly string[];
  /** confusion[true][pred]; then one column per {@link predictedOnlyNames}; the last column is "no counterpart" (`none`). */
  confusion: number[][];
  perClass: { name: string; support: number; predicted: number; precision: number | null; recall: number | null; f1: number | null }[];
  /** Mean over classes with support > 0 (precision over classes that were predicted). */
  macroPrecision: number;
  macroRecall: number;
  /** Counts of predictions without a counterpart, by source-class name. */
  unmappedPredictions: Record<string, number>;
  parts: number;
  /** Mean of per-part accuracies. */
  meanPartAccuracy: number;
  /** Parts with every face right. */
  perfectParts: number;
}

/** Accumulates face predictions part by part. */
export class FaceMetricsAccumulator {
  readonly confusion: number[][];
  readonly unmapped: Record<string, number> = {};
  faces = 0;
  correct = 0;
  parts = 0;
  partAccuracySum = 0;
  perfectParts = 0;
  /**
   * @param classNames label classes (rows and first columns)
   * @param predictedOnlyNames classes predicted with ids classNames.length, classNames.length + 1, ... that no label has
   */
  constructor(readonly classNames: readonly string[], readonly predictedOnlyNames: readonly string[] = []) {
    this.confusion = classNames.map(() => new Array<number>(classNames.length + predictedOnlyNames.length + 1).fill(0));
  }
  /**
   * @param truth label per face
   * @param predicted mapped prediction per face, -1 for no counterpart
   * @param sourceNames source-class name per face (for the unmapped breakdown)
   */
  addPart(truth: readonly number[], predicted: readonly number[], sourceNames: readonly string[]): void {
    let ok = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i];
      const p = predicted[i];
      const last = this.classNames.length + this.predictedOnlyNames.length;
      this.confusion[t][p < 0 || p >= last ? last : p]++;
      if (p === t) ok++;
      if (p < 0) this.unmapped[sourceNames[i]] = (this.unmapped[sourceNames[i]] ?? 0) + 1;
    }
    this.faces += truth.length;
    this.correct += ok;
    this.parts++;
    this.partAccuracySum += truth.length > 0 ? ok / truth.length : 1;
    if (ok === truth.length) this.perfectParts++;
  }
  result(): FaceMetrics {
    const k = this.classNames.length;
    const perClass = this.classNames.map((name, c) => {
      const support = this.confusion[c].reduce((s, v) => s + v, 0);
      let predicted = 0;
      for (let t = 0; t < k; t++) predicted += this.confusion[t][c];
      const tp = this.confusion[c][c];
      const precision = predicted > 0 ? tp / predicted : null;
      const recall = support > 0 ? tp / support : null;
      const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision !== null && recall !== null ? 0 : null;
      return { name, support, predicted, precision, recall, f1 };
    });
    const withSupport = perClass.filter((c) => c.support > 0);
    const withPred = perClass.filter((c) => c.precision !== null);
    return {
      classNames: this.classNames,
      predictedOnlyNames: this.predictedOnlyNames,
      faces: this.faces,
      correct: this.correct,
      accuracy: this.faces > 0 ? this.correct / this.faces : 0,
      confusion: this.confusion.map((r) => [...r]),
      perClass,
      macroPrecision: withPred.length ? withPred.reduce((s, c) => s + c.precision!, 0) / withPred.length : 0,
      macroRecall: withSupport.length ? withSupport.reduce((s, c) => s + c.recall!, 0) / withSupport.length : 0,
      unmappedPredictions: { ...this.unmapped },
      parts: this.parts,
      meanPartAccuracy: this.parts ? this.partAccuracySum / this.parts : 0,
      perfectParts: this.perfectParts,
    };
  }
}
