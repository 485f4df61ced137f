/**
 * The evaluation metrics on hand-computed cases: instance matching at IoU = 1 and ≥ 0.5, expected
 * calibration error, and the accumulator's rules for `other_feature`, unlabelled solids, stock area
 * and declined parts.
 */
import { describe, expect, it } from 'vitest';
import { countInstanceMatches } from '../../tools/eval/metrics/instance-match.js';
import { CalibrationAccumulator } from '../../tools/eval/metrics/calibration.js';
import { EvaluationAccumulator } from '../../tools/eval/metrics/evaluation-accumulator.js';
import { NOT_COUNTED, OTHER_FEATURE_CLASS_ID } from '../../tools/eval/part-truth.js';
import type { Prediction } from '../../tools/eval/run-tiers.js';

const HOLE = 1, POCKET = 14, STOCK = 24;

describe('instance matching', () => {
  // truth: pocket {0,1,2,3}, hole {4}
  const truth = [
    { classId: POCKET, elements: [0, 1, 2, 3] },
    { classId: HOLE, elements: [4] },
  ];
  const truthOf = Int32Array.from([0, 0, 0, 0, 1, -1]);

  it('IoU = 1 needs the exact face set and the class; IoU ≥ 0.5 accepts 3 of 4 faces', () => {
    const predicted = [
      { classId: POCKET, elements: [0, 1, 2] }, // IoU 0.75
      { classId: HOLE, elements: [4] }, // exact
    ];
    expect(countInstanceMatches(truth, truthOf, predicted, 1)).toBe(1);
    expect(countInstanceMatches(truth, truthOf, predicted, 0.5)).toBe(2);
    // right faces, wrong class: no match at any threshold
    expect(countInstanceMatches(truth, truthOf, [{ classId: 13, elements: [0, 1, 2, 3] }], 0.5)).toBe(0);
  });

  it('matches one to one: two predictions over the same true instance count once', () => {
    const predicted = [
      { classId: POCKET, elements: [0, 1, 2, 3] },
      { classId: POCKET, elements: [0, 1, 2, 3, 5] }, // IoU 0.8
    ];
    expect(countInstanceMatches(truth, truthOf, predicted, 0.5)).toBe(1);
  });
});

describe('expected calibration error', () => {
  it('is Σ n_b/N · |accuracy_b − confidence_b| over 10 bins', () => {
    const c = new CalibrationAccumulator();
    // bin 0.9–1.0: confidences 0.95 ×4, 3 right → |0.75 − 0.95| = 0.2, weight 4/6
    for (const ok of [1, 1, 1, 0]) c.add(0.95, ok);
    // bin 0.3–0.4: 0.3 ×2, both right → |1 − 0.3| = 0.7, weight 2/6
    c.add(0.3, 1);
    c.add(0.3, 1);
    const r = c.result();
    expect(r.samples).toBe(6);
    expect(r.ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.7, 12);
    expect(r.bins[9].n).toBe(4);
    expect(new CalibrationAccumulator().result().ece).toBeNull();
  });
});

function prediction(classId: number[], probability: number[], instances: Prediction['instances'], confidence: number): Prediction {
  return { status: 'ok', ms: 5, classId: Int32Array.from(classId), probability: Float64Array.from(probability), instances, confidence };
}

describe('evaluation accumulator', () => {
  it('keeps other_feature faces out of accuracy (own line), ignores faces of unlabelled solids, weighs stock by area', () => {
    const acc = new EvaluationAccumulator('face');
    // faces: 0,1 stock (area 10, 30); 2 hole; 3 other_feature (a boss); 4 face of an unlabelled solid
    const truth = {
      classId: Int32Array.from([STOCK, STOCK, HOLE, OTHER_FEATURE_CLASS_ID, NOT_COUNTED]),
      instance: Int32Array.from([-1, -1, 0, 1, -1]),
      instances: [
        { id: 'h', classId: HOLE },
        { id: 'boss', classId: OTHER_FEATURE_CLASS_ID },
      ],
      area: Float64Array.from([10, 30, 5, 7, 100]),
    };
    // stock face 1 called a through hole (as Tier 1 does on plates); the boss called a hole too
    const pred = prediction([STOCK, HOLE, HOLE, HOLE, HOLE], [0.9, 0.8, 0.9, 0.7, 0.99], [{ classId: HOLE, elements: [2] }, { classId: HOLE, elements: [3] }, { classId: HOLE, elements: [1] }], 0.95);
    acc.add('p', truth, pred);
    acc.add('declined', truth, { status: 'declined', reason: 'out_of_domain: 2 solids', ms: 1, classId: new Int32Array(5), probability: new Float64Array(5), instances: [], confidence: null });
    const r = acc.result();
    expect(r.parts).toEqual({ total: 2, answered: 1, declined: 1, failed: 0 });
    expect(r.declineReasons).toEqual({ 'out_of_domain: # solids': 1 });
    expect(r.faces.faces).toBe(3); // faces 0, 1, 2
    expect(r.faces.correct).toBe(2);
    expect(r.otherFeature).toEqual({ elements: 1, predictedAs: { through_hole: 1 } });
    expect(r.stock).toMatchObject({ elements: 2, calledFeature: 1, areaMm2: 40, calledFeatureAreaMm2: 30, calledFeatureAreaShare: 0.75, meanPartCalledFeatureAreaShare: 0.75 });
    // instances: truth = the hole only (the boss is other_feature); predicted = hole + the one on stock face 1
    // (the one lying wholly on the boss is dropped)
    expect(r.instances!.iou1).toMatchObject({ matched: 1, predicted: 2, truth: 1, precision: 0.5, recall: 1 });
    // part confidence 0.95 vs part accuracy 2/3
    expect(r.calibration.part.ece).toBeCloseTo(0.95 - 2 / 3, 12);
    expect(r.calibration.face.samples).toBe(3);
  });

  it('accuracy by area: pooled over parts and the mean of per-part shares, other_feature and unlabelled elements left out', () => {
    const acc = new EvaluationAccumulator('triangle');
    // part 1: one large pocket floor triangle right, three tiny blend-corner triangles wrong (a dense
    // tessellation of a 0.3 mm² corner): 1 of 4 elements right, 99.7 % of the area
    const corner = [0.1, 0.1, 0.1];
    acc.add('dense-corner', { classId: Int32Array.from([POCKET, POCKET, POCKET, POCKET, OTHER_FEATURE_CLASS_ID, NOT_COUNTED]), instance: new Int32Array(6).fill(-1), instances: [], area: Float64Array.from([100, ...corner, 50, 50]) }, prediction([POCKET, 23, 23, 23, 23, 23], [0.9, 0.6, 0.6, 0.6, 0.6, 0.6], [], 0.8));
    // part 2: half its area right
    acc.add('half', { classId: Int32Array.from([STOCK, HOLE]), instance: Int32Array.from([-1, -1]), instances: [], area: Float64Array.from([10, 10]) }, prediction([STOCK, POCKET], [0.9, 0.9], [], 0.9));
    const r = acc.result();
    expect(r.faces.accuracy).toBeCloseTo(2 / 6, 12);
    expect(r.areaAccuracy.pooled).toBeCloseTo(110 / 120.3, 12);
    expect(r.areaAccuracy.meanPart).toBeCloseTo((100 / 100.3 + 0.5) / 2, 12);
    // no part answered: no figure
    expect(new EvaluationAccumulator('face').result().areaAccuracy).toEqual({ pooled: null, meanPart: null });
  });

  it('stock area share: pooled over parts, and the unit-free mean of per-part shares', () => {
    const acc = new EvaluationAccumulator('face');
    const part = (areas: number[], predicted: number[]) =>
      acc.add('p', { classId: Int32Array.from(areas.map(() => STOCK)), instance: new Int32Array(areas.length).fill(-1), instances: [], area: Float64Array.from(areas) }, prediction(predicted, predicted.map(() => 0.9), [], 0.9));
    part([1, 3], [STOCK, HOLE]); // 75 % of this part's stock area called a feature
    part([1e6], [STOCK]); // a part in µm-sized units: nothing called
    const r = acc.result();
    expect(r.stock.meanPartCalledFeatureAreaShare).toBeCloseTo(0.375, 12);
    expect(r.stock.calledFeatureAreaShare).toBeCloseTo(3 / (4 + 1e6), 12);
  });
});
