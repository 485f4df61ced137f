import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { angularSpanRad } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { measuredPrecision } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import type { PartMesh, Vec3 } from '../../src/model/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** A closed mesh: the (x, z) profile (counter-clockwise) extruded along y from 0 to `lengthMm`. */
function extrudedProfile(profile: [number, number][], lengthMm: number): PartMesh {
  const positions: number[] = [];
  for (const y of [0, lengthMm]) for (const [x, z] of profile) positions.push(x, y, z);
  const n = profile.length;
  const indices: number[] = [];
  // caps as fans from a vertex (the profiles below are star-shaped from vertex 0)
  for (let i = 1; i < n - 1; i++) indices.push(0, i, i + 1, n, n + i + 1, n + i);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    indices.push(i, n + j, j, i, n + i, n + j);
  }
  return { positions: new Float64Array(positions), normals: new Float32Array(0), indices: new Uint32Array(indices), triangleFace: new Int32Array(indices.length / 3).fill(-1) };
}

describe('angularSpanRad: the angle boundary samples cover around an axis', () => {
  const ring = (from: number, to: number, count: number): Vec3[] =>
    Array.from({ length: count + 1 }, (_, i) => {
      const a = from + ((to - from) * i) / count;
      return [5 * Math.cos(a), 5 * Math.sin(a), i % 2] as Vec3;
    });
  it('a full circle sampled every 22.5° covers 337.5°', () => {
    expect(angularSpanRad(ring(0, 2 * Math.PI, 16), [0, 0, 0], [0, 0, 1])).toBeCloseTo((15 / 16) * 2 * Math.PI, 9);
  });
  it('a quarter and a half circle cover 90° and 180°, wherever they start', () => {
    expect(angularSpanRad(ring(1, 1 + Math.PI / 2, 4), [0, 0, 0], [0, 0, 1])).toBeCloseTo(Math.PI / 2, 9);
    expect(angularSpanRad(ring(3, 3 + Math.PI, 8), [0, 0, 0], [0, 0, -1])).toBeCloseTo(Math.PI, 9);
  });
});

describe('through steps across a whole side are steps, not chamfers (mesh path, 40 × 30 block)', () => {
  it('one slanted face from z = 20 at x = 0 down to z = 12 at x = 40 is a slanted_through_step', () => {
    const out = recognizeFeatures(createMeshPart(extrudedProfile([[0, 0], [40, 0], [40, 12], [0, 20]], 30), 'stl'));
    expect(out.features.map((f) => f.type)).toEqual(['slanted_through_step']);
    expect(out.faces.filter((f) => f.className === 'stock')).toHaveLength(5);
  });
  it('two slanted faces meeting in a valley along the sweep axis are one 2sides_through_step', () => {
    const out = recognizeFeatures(createMeshPart(extrudedProfile([[0, 0], [40, 0], [40, 20], [20, 12], [0, 20]], 30), 'stl'));
    expect(out.features.map((f) => f.type)).toEqual(['2sides_through_step']);
    expect(out.features[0]!.faces).toHaveLength(2);
  });
  it('a narrow bevel on one edge stays a chamfer', () => {
    const out = recognizeFeatures(createMeshPart(extrudedProfile([[0, 0], [40, 0], [40, 18], [38, 20], [0, 20]], 30), 'stl'));
    expect(out.features.map((f) => f.type)).toEqual(['chamfer']);
  });
});

describe('B-Rep fixtures: holes through by geometry, unexplained faces are other_feature', () => {
  let tess: Tessellator;
  beforeAll(() => {
    tess = createEvalTessellator();
  });
  afterAll(() => tess.close());

  it('plate-holes: all 16 cylinders open at both ends are through holes, each its own instance', async () => {
    const part = await loadStepPart(new Uint8Array(readFileSync(repo('test/fixtures/step/plate-holes.step'))), tess);
    const out = recognizeFeatures(part);
    const holes = out.features.filter((f) => f.type === 'through_hole');
    expect(holes).toHaveLength(16);
    expect(out.features).toHaveLength(16);
    for (const h of holes) expect(h.bottomFaces).toEqual([]);
  });

  it('lemon-barrel: a convex barrel no rule explains is other_feature at the fallback\'s measured precision, not a guessed class', async () => {
    const part = await loadStepPart(new Uint8Array(readFileSync(repo('test/fixtures/step/lemon-barrel.step'))), tess);
    const out = recognizeFeatures(part);
    const barrel = out.faces.find((f) => part.faces[f.faceIndex]!.name === 'barrel')!;
    expect(barrel.className).toBe('other_feature');
    expect(barrel.classId).toBe(25);
    expect(barrel.probability).toBe(measuredPrecision('fallback', 25, NaN));
    // a coin toss at best: measured on generated parts (turned bars' reduced sections are other_feature, and the fallback
    // gets those right) and corrected on the real tune files, where it is mostly wrong (session 21: 0.41)
    expect(barrel.probability).toBeLessThan(0.5);
    expect((out.details as { fallbackFaceCount: number }).fallbackFaceCount).toBe(1);
  });
});
