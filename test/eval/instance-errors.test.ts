/**
 * tools/eval/metrics/instance-errors.ts: how an unmatched true instance whose faces carry the right class fails
 * (split, merged, extra face, missing face, feature class, no feature), and how an unmatched predicted one does
 * (a piece of one true instance, spanning several); face errors are told apart.
 */
import { describe, expect, it } from 'vitest';
import { explainInstanceErrors } from '../../tools/eval/metrics/instance-errors.js';
import type { MatchInstance } from '../../tools/eval/metrics/instance-match.js';

const ROUND = 23, POCKET = 14, HOLE = 1;

/** truthOf from the true instances over `n` elements. */
function truthOfList(truth: MatchInstance[], n: number): Int32Array {
  const of = new Int32Array(n).fill(-1);
  truth.forEach((t, k) => t.elements.forEach((e) => (of[e] = k)));
  return of;
}

function explain(truth: MatchInstance[], pred: MatchInstance[], predictedClass: number[]) {
  return explainInstanceErrors(truth, truthOfList(truth, predictedClass.length), pred, Int32Array.from(predictedClass));
}

describe('explainInstanceErrors', () => {
  it('a true instance in two predicted pieces is split; each piece is a piece of it', () => {
    const r = explain([{ classId: ROUND, elements: [0, 1] }], [{ classId: ROUND, elements: [0] }, { classId: ROUND, elements: [1] }], [ROUND, ROUND]);
    expect(r.matched).toBe(0);
    expect(r.errors).toEqual([{ truth: 0, classId: ROUND, facesRight: true, failures: ['split'], holders: [0, 1], extra: [] }]);
    expect(r.predictedErrors.map((e) => e.failures)).toEqual([['piece'], ['piece']]);
  });

  it('two true instances of one class in one predicted instance are merged; the prediction spans both', () => {
    const truth = [{ classId: ROUND, elements: [0] }, { classId: ROUND, elements: [1] }];
    const r = explain(truth, [{ classId: ROUND, elements: [0, 1] }], [ROUND, ROUND]);
    expect(r.errors.map((e) => e.failures)).toEqual([['merged'], ['merged']]);
    expect(r.predictedErrors).toEqual([{ predicted: 0, classId: ROUND, facesRight: true, failures: ['spans'] }]);
  });

  it('a face of another true class in the holder is an extra face; a face in no predicted instance is missing', () => {
    const truth = [{ classId: POCKET, elements: [0, 1] }, { classId: ROUND, elements: [2] }, { classId: POCKET, elements: [3, 4] }];
    const pred = [{ classId: POCKET, elements: [0, 1, 2] }, { classId: POCKET, elements: [3] }];
    // face 2 is a round the pocket took (class pocket: a face error of the round, an extra face of the pocket)
    const r = explain(truth, pred, [POCKET, POCKET, POCKET, POCKET, POCKET]);
    expect(r.errors.find((e) => e.truth === 0)).toMatchObject({ facesRight: true, failures: ['extra-face'], extra: [{ element: 2, truth: 1 }] });
    expect(r.errors.find((e) => e.truth === 1)).toMatchObject({ facesRight: false, failures: [] });
    expect(r.errors.find((e) => e.truth === 2)).toMatchObject({ facesRight: true, failures: ['missing-face'] });
    expect(r.predictedErrors.find((e) => e.predicted === 0)).toMatchObject({ facesRight: false, failures: [] });
  });

  it('a feature of another class than its faces, and labelled faces no feature holds', () => {
    const truth = [{ classId: HOLE, elements: [0, 1] }, { classId: ROUND, elements: [2] }];
    const r = explain(truth, [{ classId: POCKET, elements: [0, 1] }], [HOLE, HOLE, ROUND]);
    expect(r.errors.map((e) => e.failures)).toEqual([['feature-class'], ['no-feature']]);
  });

  it('an exact match is no error', () => {
    const r = explain([{ classId: ROUND, elements: [0, 1] }], [{ classId: ROUND, elements: [1, 0] }], [ROUND, ROUND]);
    expect(r).toEqual({ matched: 1, truth: 1, predicted: 1, errors: [], predictedErrors: [] });
  });
});
