/**
 * Issue 9's hole target counts a composite hole as one instance: the synthetic reader merges each
 * `composites[]` entry into one instance of the drill's hole class (faces keep their classes), and the
 * accumulator scores hole instances on their own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSyntheticLabels } from '../../tools/eval/readers/synthetic-reader.js';
import { EvaluationAccumulator } from '../../tools/eval/metrics/evaluation-accumulator.js';

/** A countersink (cone 11 = chamfer, drill 12 = blind_hole), a through hole 13 and stock 10. */
function labels(composites: unknown): string {
  const ids = [10, 11, 12, 13];
  const seg = { 10: 24, 11: 0, 12: 12, 13: 1 };
  const inst = [
    [0, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-holes-'));
  const path = join(dir, 'p.json');
  writeFileSync(path, JSON.stringify([['p', { seg, inst, bottom: { 10: 0, 11: 0, 12: 1, 13: 0 }, face_ids: ids, ...(composites !== undefined ? { composites } : {}) }]]));
  return path;
}

describe('composite holes as one instance', () => {
  it('the reader merges a composite into one blind_hole instance; the cone face stays a chamfer face', () => {
    const { faces } = readSyntheticLabels(labels([{ type: 'countersink', faces: [11, 12] }]));
    expect(faces.get(11)).toMatchObject({ classId: 0, instance: 'c0', instanceClassId: 12 });
    expect(faces.get(12)).toMatchObject({ classId: 12, instance: 'c0', instanceClassId: 12 });
    expect(faces.get(13)).toMatchObject({ classId: 1, instance: expect.not.stringMatching(/^c/) });
    const plain = readSyntheticLabels(labels(undefined)).faces;
    expect(plain.get(11)!.instance).not.toBe(plain.get(12)!.instance);
  });

  it('a composites entry that names a stock face is refused (EVAL_LABELS_INVALID)', () => {
    expect(() => readSyntheticLabels(labels([{ type: 'counterbore', faces: [10, 12] }]))).toThrow(/composites\[0\]/);
  });

  it('hole instances: the composite predicted as one hole matches; predicted as cone + drill it does not', () => {
    // Elements 0..3 = faces 10..13; truth instances: 0 = the countersunk hole (faces 1, 2), 1 = the through hole (3).
    const truth = {
      classId: Int32Array.from([24, 0, 12, 1]),
      instance: Int32Array.from([-1, 0, 0, 1]),
      instances: [{ id: 'c0', classId: 12 }, { id: '1', classId: 1 }],
      area: Float64Array.from([1, 1, 1, 1]),
    };
    const pred = (instances: { classId: number; elements: number[] }[]) => ({
      status: 'ok' as const, ms: 1, classId: Int32Array.from([24, 0, 12, 1]), probability: Float64Array.from([1, 1, 1, 1]), instances, confidence: 1,
    });
    const one = new EvaluationAccumulator('face');
    one.add('p', truth, pred([{ classId: 12, elements: [1, 2] }, { classId: 1, elements: [3] }]));
    expect(one.result().holeInstances!.iou1).toMatchObject({ matched: 2, predicted: 2, truth: 2, precision: 1, recall: 1 });
    const split = new EvaluationAccumulator('face');
    split.add('p', truth, pred([{ classId: 0, elements: [1] }, { classId: 12, elements: [2] }, { classId: 1, elements: [3] }]));
    expect(split.result().holeInstances!.iou1).toMatchObject({ matched: 1, predicted: 2, truth: 2, recall: 0.5 });
    expect(split.result().holeInstances!.iou05).toMatchObject({ matched: 2 });
  });
});
