import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { splitPartBySolid, type Part } from '../../src/model/index.js';
import { buildFaceUvBoundary, computeEdgeRanges } from '../../src/features/gaag/uv-bounds.js';
import { memoFaceUvBoundary } from '../../src/features/gaag/uv-boundary-memo.js';
import { memoFaceAreaCentroid } from '../../src/features/gaag/face-boundary-memo.js';
import { faceAreaCentroid } from '../../src/features/gaag/face-integrals.js';
import { extractGaag } from '../../src/features/gaag/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url)))));

describe('uv boundary and face integral memos (the never path builds both twice)', () => {
  it('a memoized boundary equals a fresh build, on the whole Part and on its renumbered per-solid copies', () => {
    const part = fixture('assembly-two-parts.step');
    const ranges = computeEdgeRanges(part);
    for (const f of part.faces) {
      if (!f.surface) continue;
      const first = memoFaceUvBoundary(part, f, ranges, 1e-4);
      expect(first).toEqual(buildFaceUvBoundary(part, f, ranges, 1e-4));
      expect(memoFaceUvBoundary(part, f, ranges, 1e-4)).toEqual(first);
    }
    for (const body of splitPartBySolid(part)) {
      const r = computeEdgeRanges(body.part);
      for (const f of body.part.faces) {
        if (!f.surface) continue;
        // a hit: the same surface object, pieces carrying this body's edge numbers
        expect(memoFaceUvBoundary(body.part, f, r, 1e-4)).toEqual(buildFaceUvBoundary(body.part, f, r, 1e-4));
      }
    }
  });

  it('a tolerance that would change a pcurve decision builds afresh (the boundary then differs)', () => {
    const part = fixture('plate-hole-pocket.step');
    const ranges = computeEdgeRanges(part);
    for (const f of part.faces) {
      if (!f.surface) continue;
      memoFaceUvBoundary(part, f, ranges, 1e-4);
      // no pcurve lies on its surface within −1 mm: every piece is built another way, as a fresh build does
      expect(memoFaceUvBoundary(part, f, ranges, -1)).toEqual(buildFaceUvBoundary(part, f, ranges, -1));
    }
  });

  it('memoized area and centroid are bit-identical to the integrals', () => {
    const part = fixture('fillet-block.step');
    const ranges = computeEdgeRanges(part);
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    for (const f of part.faces) {
      if (!f.surface) continue;
      const boundary = buildFaceUvBoundary(part, f, ranges, 1e-4);
      const ok = faceAreaCentroid(f.surface, boundary, a);
      expect(memoFaceAreaCentroid(f.surface, boundary, b)).toBe(ok);
      expect(memoFaceAreaCentroid(f.surface, buildFaceUvBoundary(part, f, ranges, 1e-4), b)).toBe(ok);
      if (ok) expect([...b]).toEqual([...a]);
    }
  });

  it('the gAAG of a measured Part (memos warm) equals the gAAG of a fresh one', () => {
    for (const name of ['fillet-block.step', 'plate-holes.step', 'capsule-end.step']) {
      const fresh = extractGaag(fixture(name));
      const measured = measureBrepFaces(fixture(name)).part;
      const warm = extractGaag(measured);
      expect(warm.inputs.faceAttr).toEqual(fresh.inputs.faceAttr);
      expect(warm.inputs.faceGrid).toEqual(fresh.inputs.faceGrid);
      expect(warm.inputs.edgeAttr).toEqual(fresh.inputs.edgeAttr);
      expect(warm.uvBoxes).toEqual(fresh.uvBoxes);
      expect(warm.warnings).toEqual(fresh.warnings);
    }
  });
});
