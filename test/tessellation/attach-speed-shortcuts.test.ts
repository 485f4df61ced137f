/**
 * The face mapping's speed shortcuts against the direct computations they replace, on real OpenCascade
 * tessellations of fixture parts (a plate with many holes: long boundaries and many edge witnesses on one face;
 * free-form faces; fillets): the occt face reader's vertices, normal and boundary, and the boundary segment grid's
 * witness answers, at the mapping's tolerance and at coarser and finer ones.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { flattenOcctResult, type FlattenedOcct } from '../../src/tessellation/flatten-occt-result.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { faceVertices, localCoords, type FaceGeom } from '../../src/tessellation/attach/occt-face-geometry.js';
import { edgeWitnessPoints, witnessFraction } from '../../src/tessellation/attach/face-checks.js';
import { buildSegmentGrid } from '../../src/tessellation/attach/segment-grid.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part, Vec3 } from '../../src/model/index.js';

const FIXTURES = ['plate-holes.step', 'lemon-barrel.step', 'fillet-block.step', 'curve-surface-forms.step'];
const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** The occt face reader as it was before the typed-array slots: Maps keyed by mesh vertex and vertex pair. */
function faceVerticesWithMaps(flat: FlattenedOcct, g: number): { verts: number[]; normal: Vec3; boundary: number[] } {
  const of = flat.occtFaces[g];
  const { indices, positions } = flat.mesh;
  const local = new Map<number, number>();
  const verts: number[] = [];
  const n: Vec3 = [0, 0, 0];
  const edgeUse = new Map<number, number>();
  const span = positions.length / 3 + 1;
  const useEdge = (x: number, y: number) => {
    const key = x < y ? x * span + y : y * span + x;
    edgeUse.set(key, (edgeUse.get(key) ?? 0) + 1);
  };
  for (let t = of.first; t <= of.last; t++) {
    const a = indices[3 * t], b = indices[3 * t + 1], c = indices[3 * t + 2];
    for (const v of [a, b, c]) {
      if (!local.has(v)) {
        local.set(v, verts.length);
        verts.push(v);
      }
    }
    useEdge(a, b);
    useEdge(b, c);
    useEdge(c, a);
    const ux = positions[3 * b] - positions[3 * a], uy = positions[3 * b + 1] - positions[3 * a + 1], uz = positions[3 * b + 2] - positions[3 * a + 2];
    const vx = positions[3 * c] - positions[3 * a], vy = positions[3 * c + 1] - positions[3 * a + 1], vz = positions[3 * c + 2] - positions[3 * a + 2];
    n[0] += uy * vz - uz * vy;
    n[1] += uz * vx - ux * vz;
    n[2] += ux * vy - uy * vx;
  }
  const boundary: number[] = [];
  for (const [key, uses] of edgeUse) {
    if (uses !== 1) continue;
    const x = Math.floor(key / span);
    boundary.push(local.get(x)!, local.get(key - x * span)!);
  }
  return { verts, normal: n, boundary };
}

/** Whether w lies within tol of a boundary segment, testing every segment. */
function nearAnySegment(geom: FaceGeom, local: Float64Array, w: Vec3, tol: number): boolean {
  const bd = geom.boundary;
  for (let s = 0; s < bd.length; s += 2) {
    const a = 3 * bd[s], b = 3 * bd[s + 1];
    const ex = local[b] - local[a], ey = local[b + 1] - local[a + 1], ez = local[b + 2] - local[a + 2];
    const px = w[0] - local[a], py = w[1] - local[a + 1], pz = w[2] - local[a + 2];
    const ee = ex * ex + ey * ey + ez * ez;
    let t = ee > 0 ? (px * ex + py * ey + pz * ez) / ee : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const dx = px - t * ex, dy = py - t * ey, dz = pz - t * ez;
    if (dx * dx + dy * dy + dz * dz <= tol * tol) return true;
  }
  return false;
}

describe('face mapping speed shortcuts on OpenCascade tessellations of fixture parts', () => {
  let tess: Tessellator;
  const loaded: { name: string; part: Part; flat: FlattenedOcct }[] = [];
  beforeAll(async () => {
    tess = createOcctWorkerTessellator();
    for (const name of FIXTURES) {
      const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url)));
      const occt = await tess.tessellate(bytes, 'step');
      loaded.push({ name, part: buildPartFromStep(readStep(bytes)), flat: flattenOcctResult(occt) });
    }
  }, 120_000);
  afterAll(() => tess.close());

  it('the occt face reader gives the vertices, normal and boundary (same order) of the Map-based reader, read twice', () => {
    let faces = 0;
    for (const { flat } of loaded) {
      for (let pass = 0; pass < 2; pass++)
        for (let g = 0; g < flat.occtFaces.length; g++) {
          const got = faceVertices(flat, g);
          const want = faceVerticesWithMaps(flat, g);
          expect([...got.verts]).toEqual(want.verts);
          expect(got.normal).toEqual(want.normal);
          expect([...got.boundary]).toEqual(want.boundary);
          faces++;
        }
    }
    expect(faces).toBeGreaterThanOrEqual(60);
  });

  it('edge witnesses near the boundary: the segment grid and witnessFraction answer as testing every segment does', () => {
    let grids = 0, near = 0, far = 0, gridSized = 0;
    for (const { part, flat } of loaded) {
      const geoms = flat.occtFaces.map((_, g) => faceVertices(flat, g)).filter((g) => g.boundary.length > 0);
      for (const geom of geoms) {
        const local = localCoords(flat, geom, IDENTITY);
        const grid = buildSegmentGrid(local, geom.boundary);
        grids++;
        for (const face of part.faces) {
          const witnesses = edgeWitnessPoints(part, face);
          for (const tol of [1e-4, 1e-2, 0.5, 5]) {
            let found = 0;
            for (const w of witnesses) {
              const want = nearAnySegment(geom, local, w, tol);
              const seen = new Set<number>();
              const got = grid.someNear(w[0], w[1], w[2], tol, (s) => {
                expect(seen.has(s)).toBe(false); // each segment once
                seen.add(s);
                const bd = geom.boundary;
                return nearAnySegment({ ...geom, boundary: bd.subarray(2 * s, 2 * s + 2) }, local, w, tol);
              });
              expect(got).toBe(want);
              if (want) (found++, near++);
              else far++;
            }
            // witnessFraction itself takes the grid from 32 segments and 4,096 segment tests
            if (geom.boundary.length / 2 >= 32 && (geom.boundary.length / 2) * witnesses.length >= 4096) gridSized++;
            if (witnesses.length > 0) {
              expect(witnessFraction(geom, local, witnesses, tol, false)).toBe(found / witnesses.length);
              expect(witnessFraction(geom, local, witnesses, tol, true)).toBe(found === witnesses.length ? 1 : 0);
            }
          }
        }
      }
    }
    expect(grids).toBeGreaterThanOrEqual(30);
    expect(near).toBeGreaterThan(1000);
    expect(far).toBeGreaterThan(1000);
    expect(gridSized).toBeGreaterThan(0);
  }, 120_000);
});
