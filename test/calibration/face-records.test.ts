/** The arithmetic of the calibration tools (tools/calibration/face-records.ts) on hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { faceEce, goldenMin, meanNll, pearson, scoredTier1, softmaxTop, type FaceRecord } from '../../tools/calibration/face-records.js';

const rec = (truth: number, logits: number[] | null): FaceRecord => ({
  part: 'p',
  body: 0,
  face: 0,
  truth,
  surface: 'plane',
  areaShare: 0,
  areaMm2: 0,
  envelope: false,
  convex: false,
  t1Logits: logits,
  t2Class: -1,
  t2Probability: 0,
});
const logits = (hot: number, value: number) => Array.from({ length: 25 }, (_, i) => (i === hot ? value : 0));

describe('calibration arithmetic', () => {
  it('softmaxTop: class and probability of logits / T', () => {
    const t = softmaxTop(logits(3, Math.log(24)), 1);
    expect(t.classId).toBe(3);
    expect(t.probability).toBeCloseTo(0.5, 12); // e^ln24 / (e^ln24 + 24)
    expect(softmaxTop(logits(3, 2 * Math.log(24)), 2).probability).toBeCloseTo(0.5, 12);
  });

  it('goldenMin finds the minimum of a unimodal function', () => {
    expect(goldenMin((x) => (x - 2.5) ** 2, 0.2, 10)).toBeCloseTo(2.5, 6);
  });

  it('meanNll is smallest at the temperature that makes the probabilities match the hit rate', () => {
    // three faces right, one wrong, all with the same logits: the NLL-optimal top probability is 3/4
    const records = [rec(3, logits(3, 10)), rec(3, logits(3, 10)), rec(3, logits(3, 10)), rec(5, logits(3, 10))];
    const t = goldenMin((x) => meanNll(records, x), 0.2, 10);
    expect(softmaxTop(logits(3, 10), t).probability).toBeCloseTo(0.75, 3);
    expect(faceEce(records, t)).toBeCloseTo(0, 3);
    expect(faceEce(records, 1)).toBeCloseTo(Math.abs(softmaxTop(logits(3, 10), 1).probability - 0.75), 9);
  });

  it('scoredTier1 keeps faces Tier 1 answered whose truth is one of the 25 classes', () => {
    expect(scoredTier1([rec(3, logits(3, 1)), rec(25, logits(3, 1)), rec(3, null), rec(-1, logits(3, 1))])).toHaveLength(1);
  });

  it('pearson: ±1 on exact lines, 0 on an uncorrelated pair', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 12);
  });
});
