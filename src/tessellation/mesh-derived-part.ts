import type { Part, PartFace, PartMesh, PartShell, PartSolid, Surface, SurfaceType, Vec3 } from '../model/index.js';
import { PART_MODEL_VERSION } from '../model/index.js';
import { createFrame } from '../geometry/frame.js';
import { boxDiagonal, positionsBoundingBox, triangleAreaVector } from '../geometry/mesh-measures.js';
import { checkClosed, weldVertices } from '../geometry/weld.js';
import { flattenOcctResult } from './flatten-occt-result.js';
import { buildMeshAag } from './mesh-adjacency.js';
import { applyFaceMeasures, summarizePart, type VolumeGroup } from './part-mesh-measures.js';
import type { OcctImportResult } from './occt-types.js';

/** Options of {@link buildMeshDerivedPart}. */
export interface MeshDerivedPartOptions {
  /**
   * Weld tolerance as a fraction of the part's bounding-box diagonal.
   * @defaultValue `1e-6`
   */
  weldToleranceRatio?: number;
  /**
   * Fit a plane to faces whose triangles are all coplanar and report them as `plane` (with a frame whose Z
   * is the outward normal); every other face is `other` with no surface.
   * @defaultValue `true`
   */
  fitPlanes?: boolean;
}

const COS_HALF_DEG = Math.cos((0.5 * Math.PI) / 180);

/** Plane through a face's triangles when they are coplanar within `tolMm` and 0.5°; else null. */
function fitPlane(mesh: PartMesh, first: number, count: number, tolMm: number): Surface | null {
  const n: Vec3 = [0, 0, 0];
  const tmp: Vec3 = [0, 0, 0];
  for (let t = first; t < first + count; t++) {
    triangleAreaVector(mesh.positions, mesh.indices, t, tmp);
    n[0] += tmp[0];
    n[1] += tmp[1];
    n[2] += tmp[2];
  }
  const len = Math.hypot(n[0], n[1], n[2]);
  if (!(len > 0)) return null;
  n[0] /= len;
  n[1] /= len;
  n[2] /= len;
  for (let t = first; t < first + count; t++) {
    triangleAreaVector(mesh.positions, mesh.indices, t, tmp);
    const l = Math.hypot(tmp[0], tmp[1], tmp[2]);
    if (l === 0) continue;
    if ((tmp[0] * n[0] + tmp[1] * n[1] + tmp[2] * n[2]) / l < COS_HALF_DEG) return null;
  }
  const v0 = mesh.indices[3 * first];
  const o: Vec3 = [mesh.positions[3 * v0], mesh.positions[3 * v0 + 1], mesh.positions[3 * v0 + 2]];
  const d0 = o[0] * n[0] + o[1] * n[1] + o[2] * n[2];
  for (let i = 3 * first; i < 3 * (first + count); i++) {
    const v = mesh.indices[i];
    const d = mesh.positions[3 * v] * n[0] + mesh.positions[3 * v + 1] * n[1] + mesh.positions[3 * v + 2] * n[2];
    if (Math.abs(d - d0) > tolMm) return null;
  }
  return { type: 'plane', frame: createFrame(o, n, null) };
}

/**
 * Build a `Part` for an IGES or BREP file (or a STEP file whose B-Rep the cadlens reader could not build)
 * from its occt-import-js tessellation alone. The model is the same
 * as for STEP with fewer attributes, flagged by `brepSource: 'mesh-derived'`:
 * - faces = occt's B-Rep faces in result order, with triangle ranges, area, centroid, bbox; `stepId` null,
 *   no bounds, `reversed` false (occt's winding already points outward); `surfaceType` `plane` for faces
 *   whose triangles are coplanar (with a fitted frame) and `other` (surface null) for the rest;
 * - one shell per occt mesh, `closed` when its welded triangles form a closed, consistently oriented
 *   surface; closed shells get a solid of kind `mesh`; no edges or vertices;
 * - the AAG from the mesh ({@link buildMeshAag}): adjacency where welded boundary edges coincide;
 * - units: the output is mm for IGES and STEP; BREP files carry no unit, their numbers are taken as mm.
 *
 * @example
 * ```ts
 * const part = buildMeshDerivedPart(await tessellator.tessellate(bytes, 'iges'), 'iges');
 * ```
 */
export function buildMeshDerivedPart(occt: OcctImportResult, format: 'iges' | 'brep' | 'step', options: MeshDerivedPartOptions = {}): Part {
  const flat = flattenOcctResult(occt);
  const { mesh } = flat;
  const diag = boxDiagonal(positionsBoundingBox(mesh.positions)) || 1;
  const weldTol = Math.max(1e-12, (options.weldToleranceRatio ?? 1e-6) * diag);
  const planeTol = 1e-6 * diag;

  const faces: PartFace[] = flat.occtFaces.map((of, index) => {
    const count = of.last >= of.first ? of.last - of.first + 1 : 0;
    const surface = count > 0 && options.fitPlanes !== false ? fitPlane(mesh, of.first, count, planeTol) : null;
    const surfaceType: SurfaceType = surface ? 'plane' : 'other';
    const face: PartFace = {
      index,
      stepId: null,
      name: '',
      surfaceType,
      surface,
      sameSense: true,
      reversed: false,
      bounds: [],
      shell: of.meshIndex,
      triangles: count > 0 ? { first: of.first, count } : null,
      mapping: { status: count > 0 ? 'order' : 'unmapped', occtFaceIndex: count > 0 ? index : -1, maxDeviationMm: null },
      area: 0,
      centroid: [0, 0, 0],
      bbox: { min: [0, 0, 0], max: [0, 0, 0] },
    };
    applyFaceMeasures(face, mesh);
    return face;
  });

  const shells: PartShell[] = [];
  const solids: PartSolid[] = [];
  const volumeGroups: VolumeGroup[] = [];
  // tight weld first (cannot merge distinct features of thin parts), then the normal one (absorbs noise)
  const welds = [weldVertices(mesh.positions, weldTol * 1e-3), weldVertices(mesh.positions, weldTol)];
  flat.meshRanges.forEach((r, meshIndex) => {
    const faceIdx = Array.from({ length: r.faceCount }, (_, k) => r.firstFace + k);
    let closed = false;
    if (r.triCount > 0) {
      const sub = mesh.indices.subarray(3 * r.firstTri, 3 * (r.firstTri + r.triCount));
      closed = welds.some((w) => checkClosed(sub, w.remap).closed);
    }
    const shell: PartShell = { index: meshIndex, stepId: null, kind: closed ? 'closed' : 'open', faces: faceIdx, solid: -1 };
    if (closed) {
      shell.solid = solids.length;
      solids.push({ index: solids.length, stepId: null, kind: 'mesh', name: occt.meshes[meshIndex]?.name ?? '', shells: [meshIndex] });
      volumeGroups.push({ ranges: [{ first: r.firstTri, count: r.triCount }] });
    }
    shells.push(shell);
  });

  const aag = buildMeshAag(mesh, faces.length, { weldToleranceMm: weldTol });
  const allClosed = shells.length > 0 && shells.every((s) => s.kind === 'closed');
  const summary = summarizePart(
    { edgeCount: 0, vertexCount: 0, solidCount: solids.length, shellCount: shells.length },
    faces,
    mesh,
    allClosed ? volumeGroups : [],
    weldTol,
  );
  return {
    modelVersion: PART_MODEL_VERSION,
    format,
    brepSource: 'mesh-derived',
    units: { lengthUnit: 'millimetre', lengthToMm: 1, angleUnit: 'radian', angleToRad: 1 },
    solids,
    shells,
    faces,
    edges: [],
    vertices: [],
    aag,
    mesh,
    summary,
    assembly: null,
    unsupported: [],
  };
}
