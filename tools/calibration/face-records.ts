/**
 * Reading the face records of `collect-face-records.ts`, and the calibration arithmetic the fitting and
 * choosing tools share.
 * @internal
 */
import { readFileSync } from 'node:fs';
import type { FaceRecord } from './collect-face-records.js';
import { CalibrationAccumulator } from '../eval/metrics/calibration.js';

export type { FaceRecord };

/** Truth class id of `other_feature` (no AAGNet class can be right: excluded, as in the evaluator). */
export const OTHER_FEATURE = 25;

/** The records of a JSONL file. */
export function readFaceRecords(path: string): FaceRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FaceRecord);
}

/** Class and softmax probability of `logits / temperature`. */
export function softmaxTop(logits: readonly number[], temperature: number): { classId: number; probability: number; probabilities: number[] } {
  let k = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[k]) k = i;
  const m = logits[k] / temperature;
  const e = logits.map((x) => Math.exp(x / temperature - m));
  const s = e.reduce((a, b) => a + b, 0);
  return { classId: k, probability: e[k] / s, probabilities: e.map((x) => x / s) };
}

/** Mean negative log-likelihood of the true class under `logits / temperature`. */
export function meanNll(records: readonly FaceRecord[], temperature: number): number {
  let sum = 0;
  for (const r of records) {
    const p = softmaxTop(r.t1Logits!, temperature).probabilities[r.truth];
    sum -= Math.log(Math.max(p, 1e-12));
  }
  return sum / records.length;
}

/** ECE (10 equal-width bins) of the top-class probability under `temperature`. */
export function faceEce(records: readonly FaceRecord[], temperature: number): number {
  const acc = new CalibrationAccumulator(10);
  for (const r of records) {
    const t = softmaxTop(r.t1Logits!, temperature);
    acc.add(t.probability, t.classId === r.truth ? 1 : 0);
  }
  return acc.result().ece ?? NaN;
}

/** The records Tier 1 answered whose truth is one of the 25 classes. */
export function scoredTier1(records: readonly FaceRecord[]): FaceRecord[] {
  return records.filter((r) => r.t1Logits !== null && r.truth >= 0 && r.truth !== OTHER_FEATURE);
}

/** Minimiser of a unimodal function on [lo, hi] (golden-section search). */
export function goldenMin(f: (x: number) => number, lo: number, hi: number, iterations = 60): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Pearson correlation. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
