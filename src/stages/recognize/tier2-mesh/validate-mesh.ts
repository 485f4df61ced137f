import type { PartMesh } from '../../../model/index.js';
import type { MeshErrorCode } from '../../../errors/index.js';

/**
 * Why a mesh cannot be segmented, or null when it can: no triangles, a non-finite coordinate, an index
 * out of range.
 * @internal
 */
export function validateMeshForSegmentation(mesh: Readonly<PartMesh>): { code: MeshErrorCode; message: string } | null {
  const nt = Math.floor(mesh.indices.length / 3);
  if (nt === 0) return { code: 'MESH_NO_TRIANGLES', message: 'the mesh has no triangles' };
  const p = mesh.positions;
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i])) return { code: 'MESH_NON_FINITE', message: `vertex ${Math.floor(i / 3)} has a non-finite coordinate` };
  const nv = p.length / 3;
  for (let i = 0; i < nt * 3; i++) if (mesh.indices[i] >= nv) return { code: 'MESH_INDEX_OUT_OF_RANGE', message: `triangle ${Math.floor(i / 3)} uses vertex ${mesh.indices[i]} of ${nv}` };
  return null;
}
