import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { attachTessellation, attachTessellationDetailed, occtFaceCount, occtTriangleCount, type Tessellator, type OcctImportResult } from '../../src/tessellation/index.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { distanceToSurface } from '../../src/geometry/surface-distance.js';
import type { Part } from '../../src/model/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const realworld = REALWORLD_DIR;
const haveShared = existsSync(`${realworld}/parts`);
if (!haveShared) console.warn(`[skip] ${realworld} is absent: attachTessellation tests on real parts are skipped`);

let tess: Tessellator;
async function load(rel: string): Promise<{ part: Part; occt: OcctImportResult }> {
  const bytes = new Uint8Array(readFileSync(`${realworld}/${rel}`));
  const occt = await tess.tessellate(bytes, 'step');
  return { part: buildPartFromStep(readStep(bytes)), occt };
}

/** Every mapped face: its triangles' vertices lie on its surface within the report tolerance, triangleFace agrees. */
function assertMappedFacesOnSurfaces(part: Part, toleranceMm: number): void {
  const { positions, indices, triangleFace } = part.mesh;
  for (const f of part.faces) {
    if (!f.triangles) continue;
    expect(f.mapping.status).not.toBe('unmapped');
    for (let t = f.triangles.first; t < f.triangles.first + f.triangles.count; t++) {
      expect(triangleFace[t]).toBe(f.index);
      if (!f.surface || f.surface.type === 'other') continue;
      const v = indices[3 * t];
      expect(distanceToSurface(f.surface, [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]])).toBeLessThanOrEqual(toleranceMm);
    }
  }
}

describe.skipIf(!haveShared)(sharedTitle('attachTessellation on realworld STEP parts'), () => {
  beforeAll(() => {
    tess = createOcctWorkerTessellator();
  });
  afterAll(() => tess.close());

  for (const [file, faces] of [
    ['parts/D05__partA.step', 32],
    ['parts/D06__partC.step', 94],
  ] as const) {
    it(`${file}: all ${faces} faces map by order, verified on their surfaces`, async () => {
      const { part, occt } = await load(file);
      const { part: p, report } = attachTessellationDetailed(part, occt);
      expect(p.faces).toHaveLength(faces);
      expect(p.faces.every((f) => f.mapping.status === 'order')).toBe(true);
      expect(p.faces.map((f) => f.mapping.occtFaceIndex)).toEqual(p.faces.map((_, i) => i));
      expect(report).toMatchObject({ order: faces, geometric: 0, unmapped: 0, skippedMeshes: [], unmatchedOcctFaces: [], orientationMismatches: [] });
      expect(report.maxDeviationMm!).toBeLessThan(1e-6 * report.toleranceMm * 1000);
      expect(p.summary.triangleCount).toBe(p.mesh.indices.length / 3);
      expect(p.summary.volumeMm3).toBeGreaterThan(0);
      // surface area is the sum of face areas; each face area is positive
      expect(p.faces.every((f) => f.area > 0)).toBe(true);
      expect(p.summary.surfaceAreaMm2).toBeCloseTo(p.faces.reduce((s, f) => s + f.area, 0), 3);
      assertMappedFacesOnSurfaces(p, report.toleranceMm);
    });
  }

  it('D01 (inch units, 96 faces): every face maps by order; the closed mesh volume is positive', async () => {
    const { part, occt } = await load('parts/D01__featuretype.STEP');
    const p = attachTessellation(part, occt);
    expect(p.faces.filter((f) => f.mapping.status === 'order')).toHaveLength(96);
    expect(p.summary.triangleCount).toBe(occtTriangleCount(occt)); // every occt triangle attached (the count is the mesher's)
    expect(p.summary.volumeMm3).toBeGreaterThan(0);
  });

  it('D33 (assembly, one body placed with a rotation, a BREP_WITH_VOIDS): all 415 faces map, the rotated body is brought back to its own frame', async () => {
    const { part, occt } = await load('parts/D33__sensor-assembly.step');
    const { part: p, report } = attachTessellationDetailed(part, occt);
    expect(report.unmapped).toBe(0);
    expect(report.order + report.geometric).toBe(415);
    expect(report.attachedMeshes).toHaveLength(9);
    expect(report.attachedMeshes.filter((m) => m.transformed)).toHaveLength(1);
    assertMappedFacesOnSurfaces(p, report.toleranceMm);
    expect(p.summary.volumeMm3).toBeGreaterThan(0);
  });

  it('m20 (CLOSED_SHELL lists a face that does not exist): occt drops the face; the rest map geometrically, nothing is guessed', async () => {
    const bytes = new Uint8Array(readFileSync(`${realworld}/malformed/m20_missing_face_ref.step`));
    const occt = await tess.tessellate(bytes, 'step');
    expect(occtFaceCount(occt)).toBe(95);
    let part: Part;
    try {
      part = buildPartFromStep(readStep(bytes));
    } catch (e) {
      // the STEP builder refuses the dangling reference outright; then there is nothing to map
      expect(isCadlensError(e) && e.code).toBe('STEP_DANGLING_REFERENCE');
      return;
    }
    const { part: p, report } = attachTessellationDetailed(part, occt);
    expect(report.unmatchedOcctFaces).toEqual([]);
    expect(report.order).toBe(0); // face counts differ: order mapping is never assumed
    expect(report.geometric).toBe(95);
    expect(p.faces.length - report.geometric).toBe(report.unmapped);
    assertMappedFacesOnSurfaces(p, report.toleranceMm);
    // with a face missing the solid's mesh is open: no volume
    if (report.unmapped > 0) expect(p.summary.volumeMm3).toBeNull();
  });

  it('partA with occt face 5 removed from brep_faces (as when healing drops a face): 31 faces map geometrically, face 5 is unmapped', async () => {
    const { part, occt } = await load('parts/D05__partA.step');
    const m = occt.meshes[0];
    const bf = Array.from(m.brepFaces);
    bf.splice(10, 2);
    const dropped: OcctImportResult = { ...occt, meshes: [{ ...m, brepFaces: Int32Array.from(bf) }] };
    const { part: p, report } = attachTessellationDetailed(part, dropped);
    expect(report).toMatchObject({ order: 0, geometric: 31, unmapped: 1, unmatchedOcctFaces: [] });
    expect(p.faces[5].mapping).toEqual({ status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null });
    expect(p.faces[5].triangles).toBeNull();
    expect(report.unmappedFaces).toEqual([{ face: 5, body: { kind: 'solid', index: 0 }, reason: 'no-verified-occt-face' }]);
    // every other face found its own occt face (indices shift by one after the dropped entry)
    p.faces.forEach((f, i) => {
      if (i !== 5) expect(f.mapping.occtFaceIndex).toBe(i < 5 ? i : i - 1);
    });
    assertMappedFacesOnSurfaces(p, report.toleranceMm);
    expect(p.summary.volumeMm3).toBeNull();
  });

  it('a tessellation of a different part maps nothing (never silently wrong)', async () => {
    const { part } = await load('parts/D05__partA.step');
    const other = await tess.tessellate(new Uint8Array(readFileSync(`${realworld}/parts/D06__partC.step`)), 'step');
    const { part: p, report } = attachTessellationDetailed(part, other);
    expect(report.order).toBe(0);
    expect(p.faces.every((f) => f.mapping.status === 'unmapped' && f.triangles === null)).toBe(true);
    expect(report.unmappedFaces).toHaveLength(p.faces.length);
    expect(report.unmappedFaces.every((u) => u.reason === 'body-not-attached')).toBe(true);
  });
});
