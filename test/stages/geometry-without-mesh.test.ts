import { describe, expect, it } from 'vitest';
import type { Part } from '../../src/model/index.js';
import { emptyMesh } from '../../src/model/part-mesh.js';
import { createGeometryContext, defaultGeometryValidators } from '../../src/stages/validate/geometry/index.js';
import { runStage } from '../../src/stages/validate/validator.js';
import { runQualityStage } from '../../src/stages/score/index.js';
import { boxFaces, boxPoints, cubePart, polyhedronPart } from './helpers.js';

/** The part as the `mesh: 'never'` path has it: no triangles; areas stay (there they are the exact B-Rep ones). */
function withoutTriangles(part: Part): Part {
  return { ...part, mesh: emptyMesh(), faces: part.faces.map((f) => ({ ...f, triangles: null })) };
}
async function geometryWithoutMesh(part: Part) {
  return runStage('geometry', defaultGeometryValidators, createGeometryContext(withoutTriangles(part), { withoutMesh: { reason: "mesh: 'never'" } }));
}
const errors = (r: { findings: { code: string; severity: string }[] }) => r.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
const notRun = (r: { findings: { code: string; message: string }[] }) => r.findings.filter((f) => f.code === 'GEOM_MESH_CHECK_NOT_RUN').map((f) => f.message);

describe('geometry stage without a mesh (mesh: never)', () => {
  it('a clean cube: topology checks pass, the four mesh-only checks are reported as not run, never as passed', async () => {
    const r = await geometryWithoutMesh(cubePart());
    expect(errors(r)).toEqual([]);
    expect(r.passed).toBe(true);
    expect(notRun(r)).toEqual([
      "mesh-orientation check (GEOM_FACE_FLIPPED) not run: the part was not tessellated (mesh: 'never')",
      "outward-orientation check (signed volume) not run: the part was not tessellated (mesh: 'never')",
      "watertight-mesh check not run: the part was not tessellated (mesh: 'never')",
      "self-intersection check not run: the part was not tessellated (mesh: 'never')",
    ]);
    // No face is reported as unchecked for lack of triangles: the caller chose to have none.
    expect(r.findings.some((f) => f.code === 'GEOM_CHECK_NOT_RUN')).toBe(false);
  });

  it('the quality stage says the score covers only the checks that ran (QUALITY_PARTIAL)', async () => {
    const geometry = await geometryWithoutMesh(cubePart());
    const stages = [
      { name: 'input' as const, passed: true, findings: [], durationMs: 0 },
      { name: 'format' as const, passed: true, findings: [], durationMs: 0 },
      { name: 'parse' as const, passed: true, findings: [], durationMs: 0 },
      geometry,
    ];
    const { stage, quality } = runQualityStage(stages);
    expect(quality.score).toBe(1);
    expect(stage.findings.map((f) => f.code)).toEqual(['QUALITY_SCORE', 'QUALITY_PARTIAL']);
    expect(stage.findings[1].message).toContain('4 mesh-only check(s) did not run');
  });

  it('free edges of a closed shell are found on the B-Rep: GEOM_SHELL_NOT_CLOSED', async () => {
    const part = polyhedronPart(boxPoints([0, 0, 0], [10, 10, 10]), [{ faces: boxFaces().slice(0, 5) }]);
    const r = await geometryWithoutMesh(part);
    expect(errors(r)).toEqual(['GEOM_SHELL_NOT_CLOSED']);
    expect(r.findings[0].entityIds?.length).toBe(4);
  });

  it('edges used twice in the same sense: GEOM_INCONSISTENT_ORIENTATION', async () => {
    expect(errors(await geometryWithoutMesh(cubePart({ reverseLoops: [1] })))).toEqual(['GEOM_INCONSISTENT_ORIENTATION']);
  });

  it('an edge of three faces and a vertex of two fans: non-manifold edge and vertex, Euler–Poincaré', async () => {
    const edgePts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([10, 10, 0], [20, 20, 10])];
    const mapEdge = (v: number) => (v === 0 ? 3 : v === 4 ? 7 : v + 8);
    const sharedEdge = await geometryWithoutMesh(polyhedronPart(edgePts, [{ faces: [...boxFaces(), ...boxFaces().map((f) => f.map(mapEdge))] }]));
    expect(errors(sharedEdge)).toEqual(['GEOM_NON_MANIFOLD_EDGE']);
    const cornerPts = [...boxPoints([0, 0, 0], [10, 10, 10]), ...boxPoints([10, 10, 10], [20, 20, 20])];
    const mapCorner = (v: number) => (v === 0 ? 7 : v + 8);
    const corner = await geometryWithoutMesh(polyhedronPart(cornerPts, [{ faces: [...boxFaces(), ...boxFaces().map((f) => f.map(mapCorner))] }]));
    expect(errors(corner)).toEqual(['GEOM_NON_MANIFOLD_VERTEX', 'GEOM_EULER_VIOLATION']);
  });

  it('zero-area faces from the exact areas: GEOM_DEGENERATE_FACE', async () => {
    const part = cubePart();
    part.faces[2].area = 0;
    const r = await geometryWithoutMesh(part);
    expect(errors(r)).toEqual(['GEOM_DEGENERATE_FACE']);
    expect(r.findings.find((f) => f.code === 'GEOM_DEGENERATE_FACE')!.entityIds).toEqual([3002]);
  });
});
