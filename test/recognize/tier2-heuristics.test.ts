import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHeuristicRecognizer, recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { readStl, writeBinaryStl, createMeshPart } from '../../src/formats/mesh/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import type { Part, PartMesh } from '../../src/model/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import type { RecognitionOutput, RecognizeContext } from '../../src/stages/recognize/index.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';
import { measuredPrecision } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => 0, log: { debug() {}, info() {}, warn() {} } };

let tess: Tessellator;
const parts = new Map<string, Part>();
async function part(path: string): Promise<Part> {
  let p = parts.get(path);
  if (!p) {
    p = await loadStepPart(new Uint8Array(readFileSync(repo(path))), tess);
    parts.set(path, p);
  }
  return p;
}
/** The same part as a mesh-only Part, through our binary STL writer and reader. */
function asStl(p: Part): Part {
  return createMeshPart(readStl(writeBinaryStl(p.mesh)).mesh, 'stl');
}
/** Per-triangle class from a mesh recognition. */
function triangleClasses(out: RecognitionOutput, triangleCount: number): number[] {
  const cls = new Array<number>(triangleCount).fill(-1);
  for (const f of out.faces) for (const t of f.triangles ?? []) cls[t] = f.classId;
  return cls;
}
/** Expected per-triangle class from the B-Rep faces' expected classes. */
function expectedTriangleClasses(p: Part, faceClass: (faceIndex: number) => number): number[] {
  return Array.from(p.mesh.triangleFace, (f) => faceClass(f));
}
const byName = (p: Part, name: string) => p.faces.findIndex((f) => f.name === name);

beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(() => tess.close());

describe('Tier 2 on the hand-made STEP fixtures (B-Rep path)', () => {
  it('block-pocket: one rectangular pocket 20 × 10 × 5 mm (hand-computed from x∈[10,30], y∈[10,20], z∈[15,20]); the six box faces are stock', async () => {
    const p = await part('test/fixtures/step/block-pocket.step');
    const out = await createHeuristicRecognizer().recognize(p, ctx);
    const pocketFaces = p.faces.filter((f) => f.name.startsWith('wall') || f.name === 'floor').map((f) => f.index);
    expect(pocketFaces).toHaveLength(5);
    for (const f of out.faces) expect(f.className).toBe(pocketFaces.includes(f.faceIndex) ? 'rectangular_pocket' : 'stock');
    expect(out.features).toHaveLength(1);
    const [pocket] = out.features;
    expect(pocket.type).toBe('rectangular_pocket');
    expect(pocket.classId).toBe(14);
    expect([...pocket.faces].sort()).toEqual([...pocketFaces].sort());
    expect(pocket.bottomFaces).toEqual([byName(p, 'floor')]);
    expect(pocket.parameters.lengthMm).toBeCloseTo(20, 6);
    expect(pocket.parameters.widthMm).toBeCloseTo(10, 6);
    expect(pocket.parameters.depthMm).toBeCloseTo(5, 6);
    // probabilities are the rules' measured precisions; the part confidence is their mean (expected share right)
    expect(pocket.confidence).toBe(measuredPrecision('pocket', 14, NaN));
    const mean = out.faces.reduce((a, f) => a + f.probability, 0) / out.faces.length;
    expect(out.confidence).toBeCloseTo(mean, 3);
  });

  it('plate-hole: a through hole of diameter 10 (radius 5) and depth 10 (plate thickness)', async () => {
    const p = await part('test/fixtures/step/plate-hole.step');
    const out = recognizeFeatures(p);
    const hole = byName(p, 'hole');
    expect(out.faces[hole].className).toBe('through_hole');
    expect(out.faces.filter((f) => f.faceIndex !== hole).every((f) => f.className === 'stock')).toBe(true);
    expect(out.features).toEqual([expect.objectContaining({ type: 'through_hole', faces: [hole], bottomFaces: [] })]);
    expect(out.features[0].parameters.diameterMm).toBeCloseTo(10, 6);
    expect(out.features[0].parameters.depthMm).toBeCloseTo(10, 6);
  });

  it('fillet-block: the quarter cylinder is a round of radius 3, the rest stock', async () => {
    const p = await part('test/fixtures/step/fillet-block.step');
    const out = recognizeFeatures(p);
    const fillet = byName(p, 'fillet');
    expect(out.faces[fillet].className).toBe('round');
    expect(out.faces.filter((f) => f.className === 'stock')).toHaveLength(6);
    expect(out.features).toHaveLength(1);
    expect(out.features[0].parameters.radiusMm).toBeCloseTo(3, 6);
  });

  it('examples/parts/plate-hole-pocket: through hole Ø10 × 10 and rectangular pocket 20 × 20 × 4 (floor z=6)', async () => {
    const p = await part('examples/parts/plate-hole-pocket.step');
    const out = recognizeFeatures(p);
    const types = out.features.map((f) => f.type).sort();
    expect(types).toEqual(['rectangular_pocket', 'through_hole']);
    const hole = out.features.find((f) => f.type === 'through_hole')!;
    expect(hole.parameters.diameterMm).toBeCloseTo(10, 6);
    expect(hole.parameters.depthMm).toBeCloseTo(10, 6);
    const pocket = out.features.find((f) => f.type === 'rectangular_pocket')!;
    expect(pocket.faces).toHaveLength(5);
    expect(pocket.parameters.lengthMm).toBeCloseTo(20, 6);
    expect(pocket.parameters.widthMm).toBeCloseTo(20, 6);
    expect(pocket.parameters.depthMm).toBeCloseTo(4, 6);
    expect(out.faces.filter((f) => f.className === 'stock')).toHaveLength(6);
  });
});

describe('Tier 2 mesh path: fixtures exported as binary STL by writeBinaryStl, segmented, recognized', () => {
  const cases: [string, number[], Record<string, number>][] = [
    ['test/fixtures/step/block-pocket.step', [14], { lengthMm: 20, widthMm: 10, depthMm: 5 }],
    ['test/fixtures/step/plate-hole.step', [1], { diameterMm: 10, depthMm: 10 }],
    ['test/fixtures/step/fillet-block.step', [23], { radiusMm: 3 }],
    ['examples/parts/plate-hole-pocket.step', [1, 14], {}],
  ];
  for (const [file, classes, params] of cases) {
    it(`${file}: every triangle gets its B-Rep face's class; features ${classes.join('+')} with the same parameters`, async () => {
      const p = await part(file);
      const brep = recognizeFeatures(p);
      const stlPart = asStl(p);
      expect(stlPart.faces).toHaveLength(0);
      const recognizer = createHeuristicRecognizer();
      expect(await recognizer.canRecognize(stlPart, ctx)).toEqual({ ok: true });
      const out = await recognizer.recognize(stlPart, ctx);
      expect(out.details?.source).toBe('mesh-segmentation');
      expect(out.faces).toHaveLength(p.faces.length);
      const n = p.mesh.indices.length / 3;
      expect(triangleClasses(out, n)).toEqual(expectedTriangleClasses(p, (f) => brep.faces[f].classId));
      // each triangle is listed exactly once
      const all = out.faces.flatMap((f) => f.triangles ?? []).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(out.features.map((f) => f.classId).sort()).toEqual(classes);
      for (const [k, v] of Object.entries(params)) expect(out.features[0].parameters[k]).toBeCloseTo(v, 3);
    });
  }
});

describe('Tier 2 bad mesh input: declined with a reason or a typed error, never a crash', () => {
  const mesh = (positions: number[], indices: number[]): PartMesh => ({
    positions: new Float64Array(positions),
    normals: new Float32Array(0),
    indices: new Uint32Array(indices),
    triangleFace: new Int32Array(indices.length / 3).fill(-1),
  });
  it('a NaN coordinate: canRecognize declines out_of_domain; recognize throws MESH_NON_FINITE', async () => {
    const p = createMeshPart(mesh([0, 0, 0, 1, 0, 0, 0, NaN, 0], [0, 1, 2]), 'stl');
    const r = createHeuristicRecognizer();
    const can = await r.canRecognize(p, ctx);
    expect(can).toMatchObject({ ok: false, reason: 'out_of_domain' });
    const err = await r.recognize(p, ctx).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('MESH_NON_FINITE');
  });
  it('zero triangles: declined; recognize throws MESH_NO_TRIANGLES', async () => {
    const p = createMeshPart(mesh([0, 0, 0], []), 'stl');
    const r = createHeuristicRecognizer();
    expect(await r.canRecognize(p, ctx)).toMatchObject({ ok: false, reason: 'out_of_domain', detail: 'the mesh has no triangles' });
    const err = await r.recognize(p, ctx).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('MESH_NO_TRIANGLES');
  });
  it('an index out of range: MESH_INDEX_OUT_OF_RANGE', async () => {
    const p = createMeshPart(mesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 7]), 'stl');
    const err = await createHeuristicRecognizer().recognize(p, ctx).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('MESH_INDEX_OUT_OF_RANGE');
  });
  it('degenerate (zero-area) triangles only: still answers, no crash', async () => {
    const p = createMeshPart(mesh([0, 0, 0, 1, 0, 0, 2, 0, 0], [0, 1, 2, 0, 2, 1]), 'stl');
    const out = await createHeuristicRecognizer().recognize(p, ctx);
    expect(out.faces.length).toBeGreaterThan(0);
  });
  it('an aborted signal: ABORTED', async () => {
    const p = await part('test/fixtures/step/plate-hole.step');
    const ac = new AbortController();
    ac.abort();
    const err = await createHeuristicRecognizer().recognize(p, { ...ctx, signal: ac.signal }).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('ABORTED');
  });
});
