import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { isThreadFaceBoundary, measureHelixPitchMm } from '../../src/features/parameters/index.js';
import type { Part, Vec3 } from '../../src/model/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';

/**
 * Threads modelled as faces (issue 9, item 3). The fixture `test/fixtures/step/threaded-hole.step` is written by
 * `generate-threaded-hole.py` there with FreeCAD: a 30 × 20 × 6 mm plate with an M6 × 1 through hole whose
 * internal thread is the ISO 60° groove swept along a helix (two helical B-spline flanks, a helical B-spline crest
 * band at Ø6 and seven minor-diameter lands at Ø(6 − 5√3/8) = Ø4.917), and a plain Ø5 through hole.
 */
const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const MINOR_DIAMETER = 6 - (5 * Math.sqrt(3)) / 8;

let tess: Tessellator;
let part: Part;
beforeAll(async () => {
  tess = createEvalTessellator();
  part = await loadStepPart(new Uint8Array(readFileSync(repo('test/fixtures/step/threaded-hole.step'))), tess);
});
afterAll(async () => {
  await tess.close();
});

describe('a threaded hole whose thread is modelled as faces', () => {
  it('is one threaded_hole feature with the thread segment (major Ø6, pitch 1 measured from the helices) and the tap-drill hole', () => {
    const out = groupCompositeHoles(part, recognizeFeatures(part));
    const threaded = out.features.filter((f) => f.type === 'threaded_hole');
    expect(threaded).toHaveLength(1);
    const hole = threaded[0];
    const bspline = part.faces.filter((f) => f.surface?.type === 'bspline').map((f) => f.index).sort((a, b) => a - b);
    const lands = part.faces.filter((f) => f.surface?.type === 'cylinder' && Math.abs((f.surface as { radius: number }).radius - MINOR_DIAMETER / 2) < 1e-3).map((f) => f.index);
    expect(bspline).toHaveLength(3);
    expect(lands).toHaveLength(7);
    expect([...hole.faces].sort((a, b) => a - b)).toEqual([...bspline, ...lands].sort((a, b) => a - b));
    expect(hole.classId).toBe(1); // through_hole
    expect(hole.composite?.kind).toBe('thread');
    const [thread, drill] = hole.composite!.segments;
    expect(thread.kind).toBe('thread');
    expect(thread.faces).toEqual(bspline);
    expect(thread.parameters.pitchMm).toBeCloseTo(1, 2);
    expect(thread.parameters.diameterMm).toBeCloseTo(6, 3);
    // 6 mm, the plate's thickness: the helical edges' ends are found on the right turn of the helix
    expect(thread.parameters.depthMm).toBeCloseTo(6, 3);
    expect(drill.kind).toBe('hole');
    expect(drill.parameters.diameterMm).toBeCloseTo(MINOR_DIAMETER, 3);
    expect(hole.parameters.threadPitchMm).toBeCloseTo(1, 2);
    expect(hole.parameters.threadDiameterMm).toBeCloseTo(6, 3);
  });

  it('Tier 2 labels every thread face with the hole class, the plain hole stays a through_hole and the plate stays stock', () => {
    const out = groupCompositeHoles(part, recognizeFeatures(part));
    const byIndex = new Map(out.faces.map((f) => [f.faceIndex, f.className]));
    for (const f of part.faces) {
      const expected = f.surface?.type === 'plane' ? 'stock' : 'through_hole';
      expect(byIndex.get(f.index), `face #${f.stepId} (${f.surface?.type})`).toBe(expected);
    }
    const plain = out.features.filter((f) => f.type === 'through_hole');
    expect(plain).toHaveLength(1);
    expect(plain[0].parameters.diameterMm).toBeCloseTo(5, 3);
  });
});

/** Points on `count` helices of pitch `p` (phases spread), radius r, around axis `a` through `o`, `turns` turns. */
function helices(p: number, r: number, o: Vec3, a: Vec3, turns: number, count: number, hand = 1): Float64Array {
  const h: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const d = h[0] * a[0] + h[1] * a[1] + h[2] * a[2];
  const u0: Vec3 = [h[0] - d * a[0], h[1] - d * a[1], h[2] - d * a[2]];
  const l = Math.hypot(...u0);
  const u: Vec3 = [u0[0] / l, u0[1] / l, u0[2] / l];
  const v: Vec3 = [a[1] * u[2] - a[2] * u[1], a[2] * u[0] - a[0] * u[2], a[0] * u[1] - a[1] * u[0]];
  const out: number[] = [];
  for (let k = 0; k < count; k++)
    for (let i = 0; i <= 40 * turns; i++) {
      const th = (2 * Math.PI * i) / 40;
      const t = (hand * p * th) / (2 * Math.PI) + (k * p) / (count + 1);
      const x = r * Math.cos(th), y = r * Math.sin(th);
      for (let c = 0; c < 3; c++) out.push(o[c] + x * u[c] + y * v[c] + t * a[c]);
    }
  return new Float64Array(out);
}

describe('measureHelixPitchMm (pitch from the phase of helix points)', () => {
  const axis: Vec3 = [0.6, 0, 0.8];
  const origin: Vec3 = [3, -2, 7];
  for (const [pitch, hand] of [[1.25, 1], [0.5, -1], [2.5, 1]] as const) {
    it(`finds pitch ${pitch} (${hand > 0 ? 'right' : 'left'}-handed, four helices, a tilted axis)`, () => {
      const p = measureHelixPitchMm(helices(pitch, 4, origin, axis, 6, 4, hand), origin, axis, 0.15, 6);
      expect(p).not.toBeNull();
      expect(Math.abs(p! - pitch)).toBeLessThan(0.002 * pitch + 1e-4);
    });
  }

  it('returns null for points on no helix (a scatter in the ring)', () => {
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pts: number[] = [];
    for (let i = 0; i < 400; i++) {
      const th = rnd() * 2 * Math.PI, r = 3 + rnd() * 0.5, z = rnd() * 6;
      pts.push(r * Math.cos(th), r * Math.sin(th), z);
    }
    expect(measureHelixPitchMm(new Float64Array(pts), [0, 0, 0], [0, 0, 1], 0.15, 3)).toBeNull();
  });

  it('isThreadFaceBoundary: helices in the ring round the axis are a thread face; a face out of the ring or on one side only is not', () => {
    const o: Vec3 = [0, 0, 0], a: Vec3 = [0, 0, 1];
    expect(isThreadFaceBoundary(helices(1, 2.8, o, a, 5, 2), o, a, 2.46, 1e-3)).toBe(true);
    expect(isThreadFaceBoundary(helices(1, 4.5, o, a, 5, 2), o, a, 2.46, 1e-3)).toBe(false); // 1.8 × the hole: no thread
    const half = Float64Array.from({ length: 90 }, (_, i) => {
      const k = Math.floor(i / 3), th = (Math.PI * k) / 30, c = i % 3;
      return c === 0 ? 2.8 * Math.cos(th) : c === 1 ? 2.8 * Math.sin(th) : k * 0.1;
    });
    expect(isThreadFaceBoundary(half, o, a, 2.46, 1e-3)).toBe(false); // half a turn: a slot end, not a thread
  });
});
