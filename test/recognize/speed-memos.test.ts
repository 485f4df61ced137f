import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part, PartFace } from '../../src/model/index.js';
import { computeEdgeRanges, type FaceUvBoundary } from '../../src/features/gaag/uv-bounds.js';
import { memoFaceUvBoundary } from '../../src/features/gaag/uv-boundary-memo.js';
import { classifyUv, classifyUvRow, flattenLoops } from '../../src/features/gaag/trimming-mask.js';
import { addEdgeToBox, addToBox, edgeBoxOfFaces, emptyBox } from '../../src/features/gaag/unit-box.js';
import { featureGeometryOfPart, partBoundaryPoints } from '../../src/features/parameters/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url)))));
const realworld = (prefix: string): Part => {
  const file = join(REALWORLD_DIR, 'parts', prefix);
  return buildPartFromStep(readStep(new Uint8Array(readFileSync(file))));
};

/** Parts with free-form edges and faces, many hole loops on one face, and threads. */
function parts(): [string, Part][] {
  const out: [string, Part][] = ['plate-holes.step', 'threaded-hole.step', 'fillet-block.step', 'lemon-barrel.step', 'curve-surface-forms.step'].map((n) => [n, fixture(n)]);
  if (HAS_SHARED) out.push(['D19', realworld('D19__nist_ftc_07_asme1_rd.stp')]);
  return out;
}

/** The edge box as it was computed before the per-curve memo: every point added one by one. */
function edgeBoxOneByOne(part: Part, faces: readonly number[], ranges: Float64Array): Float64Array {
  const box = emptyBox();
  const seen = new Set<number>();
  for (const fi of faces)
    for (const b of part.faces[fi].bounds) {
      if (b.vertex !== undefined) addToBox(box, ...part.vertices[b.vertex].point);
      for (const ce of b.coedges) {
        if (seen.has(ce.edge)) continue;
        seen.add(ce.edge);
        const e = part.edges[ce.edge];
        addToBox(box, ...part.vertices[e.start].point);
        addToBox(box, ...part.vertices[e.end].point);
        addEdgeToBox(box, e, ranges[e.index * 2], ranges[e.index * 2 + 1]);
      }
    }
  return box;
}

describe(sharedTitle('speed work on recognition: every shortcut gives what the direct computation gives'), () => {
  const all = parts();

  it('the trimming mask one uv row at a time equals sample-by-sample classification (inside, outside and ON samples)', () => {
    let inside = 0, outside = 0, rows = 0;
    for (const [, part] of all) {
      const ranges = computeEdgeRanges(part);
      for (const f of part.faces) {
        if (!f.surface) continue;
        const b: FaceUvBoundary = memoFaceUvBoundary(part, f, ranges, 1e-4);
        const poly = flattenLoops(b);
        const [u0, u1, v0, v1] = b.box;
        if (![u0, u1, v0, v1].every(Number.isFinite)) continue;
        const tol = 1e-9 * Math.max(u1 - u0, v1 - v0, 1e-12);
        // 9 columns over the box and beyond it, and rows through loop vertices (ON samples, segment ends)
        const us = Float64Array.from({ length: 9 }, (_, i) => u0 + ((u1 - u0) * (i - 1)) / 6);
        const vs = [...Array.from({ length: 9 }, (_, j) => v0 + ((v1 - v0) * (j - 1)) / 6), poly.points[1] ?? v0, poly.points[3] ?? v1];
        const got = new Uint8Array(us.length);
        for (const v of vs) {
          classifyUvRow(poly, v, us, us.length, tol, got);
          rows++;
          us.forEach((u, i) => {
            const want = classifyUv(poly, u, v, tol);
            expect(got[i]).toBe(want);
            if (want) inside++;
            else outside++;
          });
        }
      }
    }
    expect(rows).toBeGreaterThan(100);
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(100);
  });

  it('the edge box from memoized per-curve boxes is bit-identical to adding every curve point, per face and for the whole part, asked twice', () => {
    for (const [, part] of all) {
      const ranges = computeEdgeRanges(part);
      const allFaces = part.faces.map((f) => f.index);
      for (let round = 0; round < 2; round++) {
        for (const f of part.faces) expect([...edgeBoxOfFaces(part, [f.index], ranges)]).toEqual([...edgeBoxOneByOne(part, [f.index], ranges)]);
        expect([...edgeBoxOfFaces(part, allFaces, ranges)]).toEqual([...edgeBoxOneByOne(part, allFaces, ranges)]);
      }
    }
  });

  it("the Part's memoized boundary points equal fresh ones, for single faces, neighbour pairs and the whole part", () => {
    for (const [, part] of all) {
      const geom = featureGeometryOfPart(part);
      const lists: number[][] = [part.faces.map((f) => f.index)];
      for (const f of part.faces) lists.push([f.index], [f.index, ...geom.neighbours(f.index)]);
      for (const faces of lists) expect([...geom.boundaryPoints(faces)]).toEqual([...partBoundaryPoints(part, faces)]);
    }
  });

  it('the feature graph built after one with another free-form fitter equals a fresh build (and a changed Part builds afresh)', () => {
    const fitter = (_p: Readonly<Part>, face: PartFace) => (face.surface?.type === 'bspline' ? { kind: 'plane' as const, normal: [0, 0, 1] as [number, number, number], area: 7 } : null);
    for (const [name, part] of all) {
      const freshPlain = buildFeatureGraphFromPart(structuredClone(part));
      const freshFitted = buildFeatureGraphFromPart(structuredClone(part), fitter);
      const fitted = buildFeatureGraphFromPart(part, fitter);
      const plain = buildFeatureGraphFromPart(part);
      expect(JSON.stringify(fitted), name).toBe(JSON.stringify(freshFitted));
      expect(JSON.stringify(plain), name).toBe(JSON.stringify(freshPlain));
      expect(buildFeatureGraphFromPart(part, fitter)).toBe(fitted);
      // A face measured anew (e.g. from a tessellation) is not the face the kept graph was built from.
      const f = part.faces[0];
      part.faces[0] = { ...f, area: 123.5 };
      expect(buildFeatureGraphFromPart(part).faces[0].area).toBe(123.5);
      part.faces[0] = f;
    }
  });
});
