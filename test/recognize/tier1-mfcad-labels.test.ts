import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/index.js';
import { parseFaceTruth } from '../../tools/eval/mfcad-face-truth.js';
import { AAGNET_TO_MFCAD, AAGNET_TO_MFCAD_FACE_TRUTH, MFCAD_CLASS_NAMES, MFCAD_FACE_TRUTH_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { rotateStepText } from '../../tools/eval/rotate-step.js';
import { mulberry32, randomRotation } from '../../tools/eval/seeded-rotation.js';
import { fnv1a } from '../../tools/eval/dataset-sampling.js';
import { FaceMetricsAccumulator } from '../../tools/eval/face-metrics.js';
import { evenSample, HAS_SHARED, mfcadDir, mfcadNames, NO_SHARED_REASON } from '../support/shared-data.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const K = 0x4b;

describe('MFCAD .face_truth reader (strict)', () => {
  it('reads protocol 3 and 2 lists of BININT1 labels', () => {
    expect(parseFaceTruth(bytes(0x80, 3, 0x5d, 0x71, 0, 0x28, K, 15, K, 0, K, 7, 0x65, 0x2e))).toEqual([15, 0, 7]);
    expect(parseFaceTruth(bytes(0x80, 2, 0x5d, 0x71, 0, 0x28, K, 1, 0x65, 0x2e))).toEqual([1]);
    expect(parseFaceTruth(bytes(0x80, 3, 0x5d, 0x71, 0, 0x2e))).toEqual([]);
  });
  it.each([
    ['protocol 4', bytes(0x80, 4, 0x5d, 0x71, 0, 0x28, K, 1, 0x65, 0x2e), /protocol 4/],
    ['no PROTO', bytes(0x5d, 0x71, 0, 0x28, K, 1, 0x65, 0x2e), /no PROTO/],
    ['trailing byte', bytes(0x80, 3, 0x5d, 0x71, 0, 0x28, K, 1, 0x65, 0x2e, 0), /trailing/],
    ['BININT2 label', bytes(0x80, 3, 0x5d, 0x71, 0, 0x28, 0x4d, 1, 0, 0x65, 0x2e), /APPENDS/],
    ['truncated', bytes(0x80, 3, 0x5d, 0x71, 0, 0x28, K), /truncated/],
    ['no STOP', bytes(0x80, 3, 0x5d, 0x71, 0, 0x28, K, 1, 0x65), /STOP/],
  ])('rejects %s', (_name, b, why) => {
    expect(() => parseFaceTruth(b)).toThrow(why);
  });
});

describe('evaluation helpers', () => {
  it('seeded rotations are orthonormal, deterministic per seed (seed 20261128)', () => {
    const r = randomRotation(mulberry32(20261128));
    expect(randomRotation(mulberry32(20261128))).toEqual(r);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const d = r[i * 3] * r[j * 3] + r[i * 3 + 1] * r[j * 3 + 1] + r[i * 3 + 2] * r[j * 3 + 2];
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    const det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    expect(det).toBeCloseTo(1, 12);
  });

  it('rotateStepText rotates 3-D points and directions only (2-D pcurve geometry untouched)', () => {
    const text = "#1=CARTESIAN_POINT('',(1.,0.,0.));\n#2=DIRECTION('d',(0.,1.,0.));\n#3=CARTESIAN_POINT('',(0.5,0.25));\n";
    const quarter = [0, -1, 0, 1, 0, 0, 0, 0, 1]; // 90° about z
    const { text: out, points, directions } = rotateStepText(text, quarter);
    expect([points, directions]).toEqual([1, 1]);
    expect(out).toContain("#3=CARTESIAN_POINT('',(0.5,0.25));");
    const nums = (id: string) => out.split('\n').find((l) => l.startsWith(id))!.match(/\(([^()]*)\)\)/)![1].split(',').map(Number);
    expect(nums('#1')).toEqual([0, 1, 0]);
    expect(nums('#2')).toEqual([-1, 0, 0]);
  });

  it('face metrics: predictions without a counterpart count as wrong, precision/recall per class', () => {
    const m = new FaceMetricsAccumulator(['a', 'b']);
    m.addPart([0, 0, 1, 1], [0, 1, 1, -1], ['a', 'b', 'b', 'round']);
    const r = m.result();
    expect(r.accuracy).toBe(0.5);
    expect(r.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 1],
    ]);
    expect(r.perClass.map((c) => [c.precision, c.recall])).toEqual([
      [1, 0.5],
      [0.5, 0.5],
    ]);
    expect(r.unmappedPredictions).toEqual({ round: 1 });
  });

  it('face metrics: a prediction-only class (other_feature) has its own column, apart from no prediction', () => {
    const m = new FaceMetricsAccumulator(['a', 'b'], ['other_feature']);
    m.addPart([0, 0, 1, 1], [2, -1, 1, 2], ['other_feature', 'round', 'b', 'other_feature']);
    const r = m.result();
    expect(r.accuracy).toBe(0.25);
    expect(r.predictedOnlyNames).toEqual(['other_feature']);
    expect(r.confusion).toEqual([
      [0, 0, 1, 1],
      [0, 1, 1, 0],
    ]);
    expect(r.unmappedPredictions).toEqual({ round: 1 });
  });

  it('AAGNet → label maps: the 16 planar names exist among the 25, the 9 others have no counterpart', () => {
    for (const [names, map] of [[MFCAD_FACE_TRUTH_CLASS_NAMES, AAGNET_TO_MFCAD_FACE_TRUTH], [MFCAD_CLASS_NAMES, AAGNET_TO_MFCAD]] as const) {
      expect(map.filter((i) => i >= 0).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
      // each map sends a 25-class name to the same name in its order
      map.forEach((label, id) => expect(label < 0 ? null : names[label]).toBe((names as readonly string[]).includes(AAGNET_CLASS_NAMES[id]!) ? AAGNET_CLASS_NAMES[id] : null));
    }
    // the verified order is the 25-class order restricted to the planar classes
    expect(AAGNET_CLASS_NAMES.filter((n) => (MFCAD_FACE_TRUTH_CLASS_NAMES as readonly string[]).includes(n))).toEqual([...MFCAD_FACE_TRUTH_CLASS_NAMES]);
  });
});

const dir = HAS_SHARED ? mfcadDir() : null;
const partOf = (name: string): { part: Part; labels: number[] } => ({
  part: buildPartFromStep(readStep(readFileSync(join(dir!, `${name}.step`)))),
  labels: parseFaceTruth(new Uint8Array(readFileSync(join(dir!, `${name}.face_truth`)))),
});
const labelOf = (part: Part, labels: number[], f: number) => labels[Number(part.faces[f].name)];
/** Outward normal of a planar face. */
const normal = (part: Part, f: number) => {
  const face = part.faces[f];
  const s = face.surface as { type: string; frame: { z: number[] } };
  expect(s.type).toBe('plane');
  return s.frame.z.map((v) => (face.reversed ? -v : v));
};
const axisAligned = (n: number[]) => n.filter((v) => Math.abs(v) > 1e-9).length === 1;

describe.skipIf(!dir)(`MFCAD label order, checked on the geometry${dir ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  it('face names are exactly 0..n−1 and index the labels (every part of an even 200-part sample)', () => {
    for (const name of evenSample(mfcadNames(dir!), 200)) {
      const { part, labels } = partOf(name);
      expect(part.faces.map((f) => Number(f.name)).sort((a, b) => a - b), name).toEqual([...labels.keys()]);
    }
  });

  it('label 0 marks chamfers (single planes at 45° to two axes), not rectangular through slots as the README says', () => {
    const { part, labels } = partOf('0-0-0-0-19');
    const zero = part.faces.map((_, i) => i).filter((i) => labelOf(part, labels, i) === 0);
    expect(zero).toHaveLength(4); // four features "0" in the name, one face each
    for (const f of zero) {
      const n = normal(part, f).map((v) => Math.abs(v)).sort((a, b) => a - b);
      expect(n[0]).toBeCloseTo(0, 9);
      expect(n[1]).toBeCloseTo(Math.SQRT1_2, 9);
      expect(n[2]).toBeCloseTo(Math.SQRT1_2, 9);
    }
    for (const f of part.faces.keys()) if (labelOf(part, labels, f) === 15) expect(axisAligned(normal(part, f))).toBe(true);
  });

  it('label 14 marks axis-aligned faces (rectangular blind steps), never 45° chamfers', () => {
    const { part, labels } = partOf('14-14-14-14-19');
    const faces = [...part.faces.keys()].filter((f) => labelOf(part, labels, f) === 14);
    expect(faces.length).toBeGreaterThan(0);
    for (const f of faces) expect(axisAligned(normal(part, f))).toBe(true);
  });

  it('part names list their features by the same ids: non-stock labels ⊆ the ids in the name (200 parts)', () => {
    for (const name of evenSample(mfcadNames(dir!), 200)) {
      const { labels } = partOf(name);
      const ids = new Set(name.split('-').map(Number));
      for (const l of new Set(labels)) if (l !== 15) expect(ids.has(l), `${name}: label ${l}`).toBe(true);
    }
  });

  it('a rotated copy is the same solid: same face count and names, face areas bounded the same (seeded)', () => {
    const name = '1-1-1-1-1-23';
    const text = readFileSync(join(dir!, `${name}.step`), 'latin1');
    const r = randomRotation(mulberry32((20261128 ^ fnv1a(name)) >>> 0));
    const rotated = buildPartFromStep(readStep(rotateStepText(text, r).text));
    const plain = buildPartFromStep(readStep(text));
    expect(rotated.faces.map((f) => f.name)).toEqual(plain.faces.map((f) => f.name));
    const size = (p: Part) => {
      const b = p.summary.bbox;
      return Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
    };
    // the axis-aligned 10 mm cube's diagonal is the largest any rotation can give
    expect(size(plain)).toBeCloseTo(Math.sqrt(300), 6);
    expect(size(rotated)).toBeGreaterThan(Math.sqrt(300));
  });
});
