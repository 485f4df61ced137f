/**
 * Issue 9's "rounds and chamfers ≥ 0.95" target as instance precision/recall: `round` and `chamfer`
 * instances scored on their own (IoU = 1 and IoU ≥ 0.5), on hand-made truth/prediction pairs and on one
 * real labelled part (NIST CTC-01, D13: 20 round instances — one per smooth chain, and one six-face
 * hex fillet whose faces meet at sharp corners — and 2 chamfer instances).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvaluationAccumulator, type ElementTruth } from '../../tools/eval/metrics/evaluation-accumulator.js';
import { bindRealworldTruth, readRealworldLabels } from '../../tools/eval/readers/realworld-reader.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Prediction } from '../../tools/eval/run-tiers.js';
import { HAS_SHARED, REALWORLD_DIR, REPO_DIR, sharedTitle } from '../support/shared-data.js';

const CHAMFER = 0, HOLE = 1, ROUND = 23, STOCK = 24;

const prediction = (classId: number[], instances: { classId: number; elements: number[] }[]): Prediction => ({
  status: 'ok', ms: 1, classId: Int32Array.from(classId), probability: new Float64Array(classId.length).fill(1), instances, confidence: 1,
});

describe('round and chamfer instances (hand-made)', () => {
  // 0 stock; 1, 2, 3 one smooth fillet chain (instance 0); 4 a single fillet (1); 5 a chamfer (2);
  // 6 + 7 a countersunk through hole (3): the cone 7 is a chamfer face, the instance is the hole's.
  const truth: ElementTruth = {
    classId: Int32Array.from([STOCK, ROUND, ROUND, ROUND, ROUND, CHAMFER, HOLE, CHAMFER]),
    instance: Int32Array.from([-1, 0, 0, 0, 1, 2, 3, 3]),
    instances: [{ id: 'r1', classId: ROUND }, { id: 'r2', classId: ROUND }, { id: 'c1', classId: CHAMFER }, { id: 'h1', classId: HOLE }],
    area: new Float64Array(8).fill(1),
  };
  const classes = [STOCK, ROUND, ROUND, ROUND, ROUND, CHAMFER, HOLE, CHAMFER];

  it('the chain predicted as one instance matches at IoU = 1; the countersink cone is no chamfer instance', () => {
    const acc = new EvaluationAccumulator('face');
    acc.add('p', truth, prediction(classes, [
      { classId: ROUND, elements: [1, 2, 3] },
      { classId: ROUND, elements: [4] },
      { classId: CHAMFER, elements: [5] },
      { classId: HOLE, elements: [6, 7] },
    ]));
    const r = acc.result();
    expect(r.roundInstances!.iou1).toMatchObject({ matched: 2, predicted: 2, truth: 2, precision: 1, recall: 1, f1: 1 });
    expect(r.chamferInstances!.iou1).toMatchObject({ matched: 1, predicted: 1, truth: 1, precision: 1, recall: 1 });
    expect(r.holeInstances!.iou1).toMatchObject({ matched: 1, predicted: 1, truth: 1 });
  });

  it('the chain predicted face by face: no match at IoU = 1, none at IoU ≥ 0.5 (1/3); two of three faces match at IoU ≥ 0.5', () => {
    const perFace = new EvaluationAccumulator('face');
    perFace.add('p', truth, prediction(classes, [1, 2, 3, 4].map((e) => ({ classId: ROUND, elements: [e] }))));
    const r = perFace.result().roundInstances!;
    expect(r.iou1).toMatchObject({ matched: 1, predicted: 4, truth: 2, precision: 0.25, recall: 0.5 });
    expect(r.iou05).toMatchObject({ matched: 1 });
    const part = new EvaluationAccumulator('face');
    part.add('p', truth, prediction(classes, [{ classId: ROUND, elements: [1, 2] }, { classId: ROUND, elements: [3] }, { classId: ROUND, elements: [4] }]));
    expect(part.result().roundInstances!.iou1.matched).toBe(1);
    expect(part.result().roundInstances!.iou05).toMatchObject({ matched: 2, predicted: 3, truth: 2, recall: 1 });
  });

  it('the cone predicted as a chamfer instance beside a hole instance costs chamfer precision, not recall', () => {
    const acc = new EvaluationAccumulator('face');
    acc.add('p', truth, prediction(classes, [{ classId: CHAMFER, elements: [5] }, { classId: CHAMFER, elements: [7] }, { classId: HOLE, elements: [6] }]));
    const r = acc.result();
    expect(r.chamferInstances!.iou1).toMatchObject({ matched: 1, predicted: 2, truth: 1, precision: 0.5, recall: 1 });
    expect(r.holeInstances!.iou1.matched).toBe(0);
    expect(r.holeInstances!.iou05.matched).toBe(1); // {6} vs {6, 7}: IoU 0.5
    expect(r.roundInstances!.iou1).toMatchObject({ predicted: 0, truth: 2, precision: null, recall: 0 });
  });
});

const D13 = join(REPO_DIR, 'labels/realworld/D13.json');

describe.skipIf(!HAS_SHARED)(sharedTitle('round and chamfer instances on a real labelled part (D13)'), () => {
  it('the labels themselves score 1; predicted face by face, only the one-face instances match at IoU = 1', () => {
    // Expected counts straight from the label file, not through the evaluator's readers.
    const raw = JSON.parse(readFileSync(D13, 'utf8')) as { faces: Record<string, { instance: string | null }>; instances: Record<string, { class: string }> };
    const facesOf = new Map<string, number>();
    for (const f of Object.values(raw.faces)) if (f.instance) facesOf.set(f.instance, (facesOf.get(f.instance) ?? 0) + 1);
    const count = (cls: string) => {
      const ids = Object.keys(raw.instances).filter((id) => raw.instances[id].class === cls);
      return { instances: ids.length, faces: ids.reduce((s, id) => s + facesOf.get(id)!, 0), single: ids.filter((id) => facesOf.get(id) === 1).length };
    };
    const rounds = count('round'), chamfers = count('chamfer');
    expect(rounds.instances).toBe(20);
    expect(rounds.faces).toBeGreaterThan(rounds.instances); // multi-face chains exist

    const labels = readRealworldLabels(D13);
    const bytes = new Uint8Array(readFileSync(join(REALWORLD_DIR, 'parts', labels.file)));
    const part = buildPartFromStep(readStep(bytes));
    const t = bindRealworldTruth(part, bytes, labels, 'D13');
    const truth: ElementTruth = { classId: t.faceClass, instance: t.faceInstance, instances: t.instances, area: new Float64Array(part.faces.length).fill(1) };
    const members = t.instances!.map(() => [] as number[]);
    t.faceInstance.forEach((k, e) => k >= 0 && members[k].push(e));
    const classes = Array.from(t.faceClass, (c) => (c > 24 ? STOCK : c));

    const exact = new EvaluationAccumulator('face');
    exact.add('D13', truth, prediction(classes, t.instances!.map((ti, k) => ({ classId: ti.classId, elements: members[k] }))));
    const e = exact.result();
    expect(e.roundInstances!.iou1).toMatchObject({ matched: rounds.instances, predicted: rounds.instances, truth: rounds.instances, precision: 1, recall: 1 });
    expect(e.chamferInstances!.iou1).toMatchObject({ matched: chamfers.instances, truth: chamfers.instances, precision: 1, recall: 1 });

    const perFace = new EvaluationAccumulator('face');
    const single = (cls: number) => t.instances!.flatMap((ti, k) => (ti.classId === cls ? members[k].map((e) => ({ classId: cls, elements: [e] })) : []));
    perFace.add('D13', truth, prediction(classes, [...single(ROUND), ...single(CHAMFER)]));
    const p = perFace.result();
    expect(p.roundInstances!.iou1).toMatchObject({ matched: rounds.single, predicted: rounds.faces, truth: rounds.instances });
    expect(p.chamferInstances!.iou1).toMatchObject({ matched: chamfers.single, predicted: chamfers.faces, truth: chamfers.instances });
    expect(p.roundInstances!.iou1.recall!).toBeLessThan(1);
  });
});
