import { describe, it, expect } from 'vitest';
import { measureTriangleRange, signedVolume, positionsBoundingBox, boxDiagonal } from '../../src/geometry/mesh-measures.js';
import { weldVertices, checkClosed } from '../../src/geometry/weld.js';
import { flattenOcctResult, type OcctImportResult, DEFAULT_DEFLECTION } from '../../src/tessellation/index.js';

/** Axis-aligned box [0,a]×[0,b]×[0,c] as 6 faces × 2 triangles with unshared vertices per face (like occt), outward winding. */
function box(a: number, b: number, c: number): { positions: Float64Array; indices: Uint32Array } {
  const quads: number[][][] = [
    [[0, 0, 0], [0, b, 0], [a, b, 0], [a, 0, 0]], // z=0, normal -z
    [[0, 0, c], [a, 0, c], [a, b, c], [0, b, c]], // z=c, +z
    [[0, 0, 0], [a, 0, 0], [a, 0, c], [0, 0, c]], // y=0, -y
    [[0, b, 0], [0, b, c], [a, b, c], [a, b, 0]], // y=b, +y
    [[0, 0, 0], [0, 0, c], [0, b, c], [0, b, 0]], // x=0, -x
    [[a, 0, 0], [a, b, 0], [a, b, c], [a, 0, c]], // x=a, +x
  ];
  const pos: number[] = [];
  const idx: number[] = [];
  for (const q of quads) {
    const base = pos.length / 3;
    for (const p of q) pos.push(...p);
    idx.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return { positions: Float64Array.from(pos), indices: Uint32Array.from(idx) };
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mesh measures', () => {
  it('box 2×3×4: area 52, volume 24, centroid (1,1.5,2), bbox', () => {
    const { positions, indices } = box(2, 3, 4);
    const m = measureTriangleRange(positions, indices, 0, 12);
    expect(m.areaMm2).toBeCloseTo(2 * (6 + 8 + 12), 12);
    expect(m.centroid[0]).toBeCloseTo(1, 12);
    expect(m.centroid[1]).toBeCloseTo(1.5, 12);
    expect(m.centroid[2]).toBeCloseTo(2, 12);
    expect(m.bbox).toEqual({ min: [0, 0, 0], max: [2, 3, 4] });
    expect(signedVolume(positions, indices)).toBeCloseTo(24, 12);
    // the top face alone: area 6 (2×3) with centroid at its middle
    const top = measureTriangleRange(positions, indices, 2, 2);
    expect(top.areaMm2).toBeCloseTo(6, 12);
    expect(top.centroid).toEqual([1, 1.5, 4]);
    expect(boxDiagonal(positionsBoundingBox(positions))).toBeCloseTo(Math.sqrt(29), 12);
  });

  it('inverted winding gives a negative volume; an empty range gives zeros', () => {
    const { positions, indices } = box(1, 1, 1);
    const flipped = indices.slice();
    for (let t = 0; t < 12; t++) [flipped[3 * t + 1], flipped[3 * t + 2]] = [flipped[3 * t + 2], flipped[3 * t + 1]];
    expect(signedVolume(positions, flipped)).toBeCloseTo(-1, 12);
    expect(measureTriangleRange(positions, indices, 0, 0)).toEqual({ areaMm2: 0, centroid: [0, 0, 0], bbox: { min: [0, 0, 0], max: [0, 0, 0] } });
  });
});

describe('weldVertices and checkClosed', () => {
  it('welds the per-face copies of a box into 8 vertices, and the box is closed', () => {
    const { positions, indices } = box(10, 10, 10);
    const w = weldVertices(positions, 1e-6);
    expect(w.count).toBe(8);
    expect(checkClosed(indices, w.remap)).toEqual({ closed: true, boundaryEdges: 0, badEdges: 0, degenerateTriangles: 0 });
  });

  it('a box with one triangle removed has 3 boundary edges; one flipped triangle makes 3 bad edges', () => {
    const { positions, indices } = box(1, 1, 1);
    const w = weldVertices(positions, 1e-9);
    const open = checkClosed(indices.subarray(0, 33), w.remap);
    expect(open.closed).toBe(false);
    expect(open.boundaryEdges).toBe(3);
    const flipped = indices.slice();
    [flipped[1], flipped[2]] = [flipped[2], flipped[1]];
    const bad = checkClosed(flipped, w.remap);
    expect(bad.closed).toBe(false);
    expect(bad.badEdges).toBe(3);
  });

  for (const seed of [1, 7, 42]) {
    it(`matches a brute-force weld on random clustered points (seed ${seed})`, () => {
      const r = rng(seed);
      const tol = 0.01;
      const centers: number[][] = Array.from({ length: 200 }, () => [r() * 10, r() * 10, r() * 10]);
      const pts: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const c = centers[Math.floor(r() * centers.length)];
        // jitter well inside tol/2 so clusters are unambiguous
        pts.push(c[0] + (r() - 0.5) * tol * 0.5, c[1] + (r() - 0.5) * tol * 0.5, c[2] + (r() - 0.5) * tol * 0.5);
      }
      const w = weldVertices(pts, tol);
      // brute force: first-come representatives
      const reps: number[] = [];
      const remap: number[] = [];
      for (let i = 0; i < pts.length / 3; i++) {
        let found = -1;
        for (let k = 0; k < reps.length && found < 0; k++) {
          const j = reps[k];
          if (Math.hypot(pts[3 * i] - pts[3 * j], pts[3 * i + 1] - pts[3 * j + 1], pts[3 * i + 2] - pts[3 * j + 2]) <= tol) found = k;
        }
        if (found < 0) {
          found = reps.length;
          reps.push(i);
        }
        remap.push(found);
      }
      expect(w.count).toBe(reps.length);
      expect(Array.from(w.remap)).toEqual(remap);
    });
  }
});

describe('flattenOcctResult', () => {
  it('concatenates meshes, offsets indices, and turns brep_faces into global ranges (empty stays empty)', () => {
    const a = box(1, 1, 1);
    const b = box(2, 2, 2);
    const result: OcctImportResult = {
      format: 'step',
      deflection: { ...DEFAULT_DEFLECTION },
      importMs: 0,
      wasmHeapBytes: null,
      root: { name: '', meshes: [0, 1], children: [] },
      meshes: [
        { name: 'a', color: null, positions: a.positions, normals: new Float32Array(0), indices: a.indices, brepFaces: Int32Array.from([0, 5, 6, 11]) },
        // second mesh: face 0 has no triangles (last < first), face 1 all triangles
        { name: 'b', color: null, positions: b.positions, normals: new Float32Array(0), indices: b.indices, brepFaces: Int32Array.from([0, -1, 0, 11]) },
      ],
    };
    const { mesh, occtFaces, meshRanges } = flattenOcctResult(result);
    expect(mesh.positions.length).toBe(2 * 24 * 3);
    expect(mesh.indices.length).toBe(24 * 3);
    expect(mesh.indices[36]).toBe(a.indices[0] + 24);
    expect(occtFaces).toEqual([
      { meshIndex: 0, first: 0, last: 5 },
      { meshIndex: 0, first: 6, last: 11 },
      { meshIndex: 1, first: 12, last: 11 },
      { meshIndex: 1, first: 12, last: 23 },
    ]);
    expect(Array.from(mesh.triangleFace)).toEqual([...Array(6).fill(0), ...Array(6).fill(1), ...Array(12).fill(3)]);
    expect(meshRanges[1]).toEqual({ firstTri: 12, triCount: 12, firstVertex: 24, vertexCount: 24, firstFace: 2, faceCount: 2 });
  });
});
