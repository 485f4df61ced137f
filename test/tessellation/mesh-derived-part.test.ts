import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { buildMeshDerivedPart, type Tessellator } from '../../src/tessellation/index.js';
import type { Part } from '../../src/model/index.js';

// occt-import-js ships CAx-IF / sample files inside its npm package; the tests read them in place.
const testfiles = fileURLToPath(new URL('../../node_modules/occt-import-js/test/testfiles/', import.meta.url));
const igesCube = `${testfiles}cube-10x10mm/Cube 10x10.igs`;
const brepAs1 = `${testfiles}cax-if-brep/as1_pe_203.brep`;

function aagIsConsistent(part: Part): void {
  const { aag } = part;
  expect(aag.faceCount).toBe(part.faces.length);
  aag.arcs.forEach((arc, i) => {
    expect(arc.a).toBeLessThan(arc.b);
    expect(aag.neighbours[arc.a]).toContain(i);
    expect(aag.neighbours[arc.b]).toContain(i);
    expect(arc.lengthMm).toBeGreaterThan(0);
    expect(arc.edges).toEqual([]);
  });
}

describe.skipIf(!existsSync(igesCube))('buildMeshDerivedPart (IGES cube 10×10×10 mm from the occt-import-js package)', () => {
  let tess: Tessellator;
  let part: Part;
  beforeAll(async () => {
    tess = createOcctWorkerTessellator();
    part = buildMeshDerivedPart(await tess.tessellate(new Uint8Array(readFileSync(igesCube)), 'iges'), 'iges');
  });
  afterAll(() => tess.close());

  it('is flagged mesh-derived, with 6 planar faces of 100 mm² each and no STEP data', () => {
    expect(part.brepSource).toBe('mesh-derived');
    expect(part.format).toBe('iges');
    expect(part.faces).toHaveLength(6);
    for (const f of part.faces) {
      expect(f.stepId).toBeNull();
      expect(f.surfaceType).toBe('plane');
      expect(f.area).toBeCloseTo(100, 9);
      expect(f.triangles?.count).toBeGreaterThanOrEqual(2); // a square needs two; how many more is the mesher's choice
      // fitted plane normal is the outward normal: it points away from the cube centre (0,5,0)
      const s = f.surface!;
      expect(s.type).toBe('plane');
      if (s.type === 'plane') {
        const c = f.centroid;
        const out = (c[0] - 0) * s.frame.z[0] + (c[1] - 5) * s.frame.z[1] + (c[2] - 0) * s.frame.z[2];
        expect(out).toBeCloseTo(5, 9);
      }
    }
    expect(part.edges).toEqual([]);
  });

  it('is one closed shell / one mesh solid with volume 1000 mm³ and area 600 mm²', () => {
    expect(part.shells).toHaveLength(1);
    expect(part.shells[0].kind).toBe('closed');
    expect(part.solids).toEqual([{ index: 0, stepId: null, kind: 'mesh', name: part.solids[0].name, shells: [0] }]);
    expect(part.summary.volumeMm3).toBeCloseTo(1000, 6);
    expect(part.summary.surfaceAreaMm2).toBeCloseTo(600, 6);
    expect(part.summary.bbox).toEqual({ min: [-5, 0, -5], max: [5, 10, 5] });
    expect(part.summary.triangleCount).toBe(part.faces.reduce((n, f) => n + f.triangles!.count, 0));
    expect(part.summary.countsBySurfaceType).toEqual({ plane: 6 });
    // every triangle belongs to one of the six faces, each face's triangles together
    const faceOfTriangle = Array.from(part.mesh.triangleFace);
    expect(new Set(faceOfTriangle)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(faceOfTriangle.filter((f, t) => t > 0 && f !== faceOfTriangle[t - 1])).toHaveLength(5); // six contiguous runs
  });

  it('has the cube AAG: 12 convex arcs of 90° and 10 mm, every face with 4 neighbours', () => {
    aagIsConsistent(part);
    expect(part.aag.arcs).toHaveLength(12);
    for (const arc of part.aag.arcs) {
      expect(arc.convexity).toBe('convex');
      expect(arc.dihedralDeg).toBeCloseTo(90, 6);
      expect(arc.lengthMm).toBeCloseTo(10, 9);
    }
    for (const n of part.aag.neighbours) expect(n).toHaveLength(4);
  });
});

describe.skipIf(!existsSync(brepAs1))('buildMeshDerivedPart (BREP: CAx-IF as1 assembly from the occt-import-js package)', () => {
  it('gives 18 closed mesh solids, 160 faces, positive volume and a consistent AAG with convex and concave arcs', async () => {
    const tess = createOcctWorkerTessellator();
    try {
      const part = buildMeshDerivedPart(await tess.tessellate(new Uint8Array(readFileSync(brepAs1)), 'brep'), 'brep');
      expect(part.brepSource).toBe('mesh-derived');
      expect(part.shells).toHaveLength(18);
      expect(part.shells.every((s) => s.kind === 'closed')).toBe(true);
      expect(part.solids).toHaveLength(18);
      expect(part.faces).toHaveLength(160);
      expect(part.faces.every((f) => f.triangles && f.triangles.count > 0 && f.area > 0)).toBe(true);
      expect(part.summary.volumeMm3).toBeGreaterThan(0);
      // surface area = sum of face areas
      expect(part.summary.surfaceAreaMm2).toBeCloseTo(part.faces.reduce((s, f) => s + f.area, 0), 3);
      aagIsConsistent(part);
      // faces of different solids are never adjacent
      for (const arc of part.aag.arcs) expect(part.faces[arc.a].shell).toBe(part.faces[arc.b].shell);
      const kinds = new Set(part.aag.arcs.map((a) => a.convexity));
      expect(kinds.has('convex')).toBe(true);
      expect(kinds.has('concave')).toBe(true);
    } finally {
      await tess.close();
    }
  });
});
