import type { BoundingBox, PartFace, PartMesh, PartSummary, SurfaceType } from '../model/index.js';
import { measureTriangleRange, positionsBoundingBox, signedVolume } from '../geometry/mesh-measures.js';
import { checkClosed, weldVertices } from '../geometry/weld.js';

/**
 * Fill `area`, `centroid` and `bbox` of a face from its triangle range in `mesh` (leaves them untouched when
 * the face has no triangles).
 * @internal
 */
export function applyFaceMeasures(face: PartFace, mesh: PartMesh): void {
  if (!face.triangles || face.triangles.count <= 0) return;
  const m = measureTriangleRange(mesh.positions, mesh.indices, face.triangles.first, face.triangles.count);
  face.area = m.areaMm2;
  face.centroid = m.centroid;
  face.bbox = m.bbox;
}

/** A group of triangles that should enclose a volume (one solid). @internal */
export interface VolumeGroup {
  /** Contiguous triangle ranges of the group (the faces of one solid). */
  ranges: { first: number; count: number }[];
}

/**
 * Signed volume of one solid's triangles when they form a closed, consistently oriented surface after
 * welding; null otherwise.
 * @internal
 */
export function closedGroupVolume(mesh: PartMesh, group: VolumeGroup, weldToleranceMm: number): number | null {
  let nt = 0;
  for (const r of group.ranges) nt += r.count;
  if (nt === 0) return null;
  // Gather the group's triangles into a compact index list over a compact vertex list.
  const idx = new Uint32Array(nt * 3);
  const vmap = new Map<number, number>();
  const pos: number[] = [];
  let w = 0;
  for (const r of group.ranges) {
    for (let t = r.first; t < r.first + r.count; t++) {
      for (let k = 0; k < 3; k++) {
        const v = mesh.indices[3 * t + k];
        let nv = vmap.get(v);
        if (nv === undefined) {
          nv = pos.length / 3;
          vmap.set(v, nv);
          pos.push(mesh.positions[3 * v], mesh.positions[3 * v + 1], mesh.positions[3 * v + 2]);
        }
        idx[w++] = nv;
      }
    }
  }
  // occt gives neighbouring faces (nearly) identical copies of their shared edge nodes. Try a tight weld
  // first (it cannot merge distinct features of thin parts), then the given tolerance (absorbs noise).
  for (const tol of [weldToleranceMm * 1e-3, weldToleranceMm]) {
    const weld = weldVertices(pos, tol);
    if (checkClosed(idx, weld.remap).closed) return signedVolume(pos, idx);
  }
  return null;
}

/**
 * Whole-part summary from the faces and mesh. `volumeMm3` is the sum over `volumeGroups` when every group
 * is closed, else null.
 * @internal
 */
export function summarizePart(
  base: Omit<PartSummary, 'bbox' | 'surfaceAreaMm2' | 'volumeMm3' | 'triangleCount' | 'faceCount' | 'countsBySurfaceType'>,
  faces: readonly PartFace[],
  mesh: PartMesh,
  volumeGroups: readonly VolumeGroup[],
  weldToleranceMm: number,
): PartSummary {
  let area = 0;
  const counts: Partial<Record<SurfaceType, number>> = {};
  for (const f of faces) {
    if (f.triangles && f.triangles.count > 0) area += f.area;
    counts[f.surfaceType] = (counts[f.surfaceType] ?? 0) + 1;
  }
  let volume: number | null = volumeGroups.length > 0 ? 0 : null;
  for (const g of volumeGroups) {
    const v = closedGroupVolume(mesh, g, weldToleranceMm);
    if (v === null) {
      volume = null;
      break;
    }
    volume! += v;
  }
  const bbox: BoundingBox = positionsBoundingBox(mesh.positions);
  return {
    ...base,
    bbox,
    surfaceAreaMm2: area,
    volumeMm3: volume,
    faceCount: faces.length,
    countsBySurfaceType: counts,
    triangleCount: mesh.indices.length / 3,
  };
}
