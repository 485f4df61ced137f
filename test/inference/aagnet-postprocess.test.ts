import { describe, expect, it } from 'vitest';
import {
  AAGNET_CLASS_NAMES,
  AAGNET_NUM_CLASSES,
  AAGNET_TO_MFCAD,
  MFCAD_CLASS_NAMES,
  MFCAD_TO_AAGNET,
  aagnetClassName,
  decodeFacePredictions,
  groupAagnetInstances,
  proposeInstances,
  softmaxRows,
  type AagnetOutputs,
} from '../../src/inference/index.js';

const C = AAGNET_NUM_CLASSES;

/** Seg logits with a clear winner `classes[f]` per face (logit `strength`), others 0. */
function segLogits(classes: number[], strength = 5): Float32Array {
  const out = new Float32Array(classes.length * C);
  classes.forEach((k, f) => (out[f * C + k] = strength));
  return out;
}

/** Inst logits from a 0/1 matrix given as strings ('1' → +3, '0' → -3). */
function instLogits(rows: string[]): Float32Array {
  const n = rows.length;
  const out = new Float32Array(n * n);
  rows.forEach((row, r) => {
    expect(row.length).toBe(n);
    for (let c = 0; c < n; c++) out[r * n + c] = row[c] === '1' ? 3 : -3;
  });
  return out;
}

function outputs(classes: number[], inst: string[], bottom: number[]): AagnetOutputs {
  return {
    faceCount: classes.length,
    segLogits: segLogits(classes),
    instLogits: instLogits(inst),
    bottomLogits: Float32Array.from(bottom),
  };
}

describe('AAGNet class tables', () => {
  it('has the 25 reference classes in order and a consistent MFCAD map', () => {
    expect(AAGNET_CLASS_NAMES).toHaveLength(25);
    expect(aagnetClassName(0)).toBe('chamfer');
    expect(aagnetClassName(14)).toBe('rectangular_pocket');
    expect(aagnetClassName(24)).toBe('stock');
    expect(() => aagnetClassName(25)).toThrow(RangeError);
    expect(MFCAD_CLASS_NAMES).toHaveLength(16);
    for (let m = 0; m < 16; m++) {
      expect(AAGNET_CLASS_NAMES[MFCAD_TO_AAGNET[m]]).toBe(MFCAD_CLASS_NAMES[m]); // same meaning, same name
      expect(AAGNET_TO_MFCAD[MFCAD_TO_AAGNET[m]]).toBe(m);
    }
    expect(AAGNET_TO_MFCAD.filter((v) => v === -1)).toHaveLength(9);
    expect(AAGNET_TO_MFCAD[1]).toBe(-1); // through_hole is not an MFCAD class
  });
});

describe('softmax and per-face decoding', () => {
  it('softmax rows sum to 1 and are stable for large logits', () => {
    const p = softmaxRows(Float32Array.from([1000, 1000, 0, -1, 2, 3]), 2, 3);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(0.5, 6);
    expect(p[2]).toBe(0);
    const e = [Math.exp(-1), Math.exp(2), Math.exp(3)];
    const s = e[0] + e[1] + e[2];
    for (let i = 0; i < 3; i++) expect(p[3 + i]).toBeCloseTo(e[i] / s, 6);
  });

  it('argmax class, its probability, and the bottom flag at logit > 0', () => {
    const seg = new Float32Array(3 * C);
    seg[0 * C + 14] = 2; // face 0 → rectangular_pocket
    seg[1 * C + 24] = 1; // face 1 → stock
    seg[2 * C + 3] = 4; // face 2: tie between 3 and 7 → first maximum
    seg[2 * C + 7] = 4;
    const p = decodeFacePredictions({
      faceCount: 3,
      segLogits: seg,
      instLogits: new Float32Array(9),
      bottomLogits: Float32Array.from([0.1, -0.1, 0]),
    });
    expect([...p.classIds]).toEqual([14, 24, 3]);
    expect(p.classProbability[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 24), 6);
    expect([...p.isBottom]).toEqual([1, 0, 0]); // sigmoid(0) = 0.5 is not > 0.5
    expect(p.bottomProbability[2]).toBeCloseTo(0.5, 7);
    let s = 0;
    for (let k = 0; k < C; k++) s += p.probabilities[C + k];
    expect(s).toBeCloseTo(1, 6);
  });
});

describe('instance grouping (reference section 4)', () => {
  it('groups greedily by rows, skips stock rows and used faces, keeps r only if A[r][r]', () => {
    const inst = [
      '01100', // row 0: faces 1,2 (0 itself not included: A[0][0] = 0)
      '11100', // row 1: already used → skipped
      '00110', // row 2: used → skipped (so face 3 is NOT grabbed through it)
      '00011', // row 3: faces 3,4
      '00000', // row 4: used anyway
    ];
    expect(proposeInstances(instLogits(inst), 5)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('an all-zero row is stock and a proposal whose faces are all used is dropped', () => {
    const inst = ['110', '100', '000'];
    // row 0 → {0,1}; row 1 used; row 2 all zero.
    expect(proposeInstances(instLogits(inst), 3)).toEqual([[0, 1]]);
    const inst2 = ['110', '110', '110'];
    // row 2: non-zero, not used, but its columns 0 and 1 are used and A[2][2] = 0 → empty → dropped.
    expect(proposeInstances(instLogits(inst2), 3)).toEqual([[0, 1]]);
  });

  it('instance class = argmax of summed raw logits; stock proposals dropped; bottom faces by logit', () => {
    // faces 0-2: pocket walls (14) + a floor that alone looks like a slot (17) but the sum says pocket.
    const seg = segLogits([14, 14, 17, 24, 24]);
    seg[2 * C + 14] = 4.5; // face 2: 17 → 5, 14 → 4.5
    const out: AagnetOutputs = {
      faceCount: 5,
      segLogits: seg,
      instLogits: instLogits(['11100', '11100', '11100', '00011', '00011']),
      bottomLogits: Float32Array.from([-2, -1, 3, 4, -4]),
    };
    const inst = groupAagnetInstances(out);
    expect(inst).toHaveLength(1); // faces 3,4 form a stock proposal → dropped
    expect(inst[0].classId).toBe(14);
    expect(inst[0].className).toBe('rectangular_pocket');
    expect(inst[0].faces).toEqual([0, 1, 2]);
    expect(inst[0].bottomFaces).toEqual([2]);
    const p = softmaxRows(seg, 5, C);
    const mean = (p[0 * C + 14] + p[1 * C + 14] + p[2 * C + 14]) / 3;
    expect(inst[0].confidence).toBeCloseTo(mean, 6);
  });

  it('the through-hole split runs only with centroids, by centroid equality, without bottom faces', () => {
    // faces 0,1: two half-cylinders of hole A (same centroid); face 2: hole B; face 3: stock.
    const out = outputs([1, 1, 1, 24], ['1110', '1110', '1110', '0000'], [1, 1, 1, -1]);
    const plain = groupAagnetInstances(out);
    expect(plain.map((i) => i.faces)).toEqual([[0, 1, 2]]);
    expect(plain[0].bottomFaces).toEqual([0, 1, 2]);

    const centroids = [0, 0, 5, 0, 0, 5 + 5e-7, 10, 0, 5, 99, 99, 99];
    const split = groupAagnetInstances(out, { faceCentroids: centroids });
    expect(split.map((i) => [i.className, i.faces, i.bottomFaces])).toEqual([
      ['through_hole', [0, 1], []],
      ['through_hole', [2], []],
    ]);
  });

  it('a single-face through hole is not split and keeps its bottom faces', () => {
    const out = outputs([1, 24], ['10', '00'], [2, 0]);
    expect(groupAagnetInstances(out, { faceCentroids: [0, 0, 0, 1, 1, 1] })).toEqual([
      expect.objectContaining({ classId: 1, faces: [0], bottomFaces: [0] }),
    ]);
  });
});
