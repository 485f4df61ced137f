import type { PartMesh } from '../model/index.js';
import type { OcctImportResult } from './occt-types.js';

/** One occt B-Rep face in the flattened mesh: global inclusive triangle range (`last < first` when empty). */
export interface OcctFlatFace {
  /** Index of the occt mesh the face came from. */
  meshIndex: number;
  /** First global triangle index. */
  first: number;
  /** Last global triangle index (inclusive); `first - 1` when the face has no triangles. */
  last: number;
}

/** Result of {@link flattenOcctResult}. */
export interface FlattenedOcct {
  /** All occt meshes concatenated; `triangleFace[t]` = occt face index (into `occtFaces`) or -1. */
  mesh: PartMesh;
  /** The occt B-Rep faces in result order (mesh by mesh, `brep_faces` order within a mesh). */
  occtFaces: OcctFlatFace[];
  /** Per occt mesh: first global triangle, triangle count, first global vertex, vertex count, first face. */
  meshRanges: { firstTri: number; triCount: number; firstVertex: number; vertexCount: number; firstFace: number; faceCount: number }[];
}

/**
 * Concatenate every mesh of an occt-import-js result into one {@link PartMesh}, turning each mesh's
 * `brep_faces` ranges into global triangle ranges. Ranges are clamped to the mesh's triangles; an empty or
 * invalid range becomes `last = first - 1`.
 *
 * @example
 * ```ts
 * const { mesh, occtFaces } = flattenOcctResult(await tessellator.tessellate(bytes, 'step'));
 * ```
 */
export function flattenOcctResult(result: OcctImportResult): FlattenedOcct {
  let nv = 0;
  let nt = 0;
  let hasNormals = true;
  for (const m of result.meshes) {
    nv += m.positions.length / 3;
    nt += m.indices.length / 3;
    if (m.normals.length !== m.positions.length) hasNormals = false;
  }
  const positions = new Float64Array(nv * 3);
  const normals = new Float32Array(hasNormals ? nv * 3 : 0);
  const indices = new Uint32Array(nt * 3);
  const triangleFace = new Int32Array(nt).fill(-1);
  const occtFaces: OcctFlatFace[] = [];
  const meshRanges: FlattenedOcct['meshRanges'] = [];
  let vBase = 0;
  let tBase = 0;
  result.meshes.forEach((m, meshIndex) => {
    const mv = m.positions.length / 3;
    const mt = m.indices.length / 3;
    positions.set(m.positions, vBase * 3);
    if (hasNormals) normals.set(m.normals, vBase * 3);
    for (let i = 0; i < m.indices.length; i++) indices[tBase * 3 + i] = m.indices[i] + vBase;
    const firstFace = occtFaces.length;
    for (let f = 0; f < m.brepFaces.length / 2; f++) {
      const lo = m.brepFaces[2 * f];
      const hi = m.brepFaces[2 * f + 1];
      const faceIndex = occtFaces.length;
      if (hi >= lo && lo >= 0 && hi < mt) {
        occtFaces.push({ meshIndex, first: tBase + lo, last: tBase + hi });
        for (let t = lo; t <= hi; t++) triangleFace[tBase + t] = faceIndex;
      } else {
        occtFaces.push({ meshIndex, first: tBase + Math.max(0, lo), last: tBase + Math.max(0, lo) - 1 });
      }
    }
    meshRanges.push({ firstTri: tBase, triCount: mt, firstVertex: vBase, vertexCount: mv, firstFace, faceCount: occtFaces.length - firstFace });
    vBase += mv;
    tBase += mt;
  });
  return { mesh: { positions, normals, indices, triangleFace }, occtFaces, meshRanges };
}
