import type { PartMesh } from '../../../model/index.js';

/** A draw range of a three.js `BufferGeometry` (`geometry.addGroup(start, count, materialIndex)`). */
export interface GeometryGroup {
  /** First index (not triangle) of the group. */
  start: number;
  /** Number of indices. */
  count: number;
  materialIndex: number;
  /** The Part face the triangles belong to, or -1. */
  faceIndex: number;
}

/**
 * Geometry in the shape a three.js viewer takes directly:
 * ```ts
 * const g = new BufferGeometry();
 * g.setAttribute('position', new BufferAttribute(data.positions, 3));
 * g.setAttribute('normal', new BufferAttribute(data.normals, 3));
 * g.setIndex(new BufferAttribute(data.index, 1));
 * for (const gr of data.groups) g.addGroup(gr.start, gr.count, gr.materialIndex);
 * ```
 */
export interface ThreeGeometryData {
  positions: Float32Array;
  normals: Float32Array;
  index: Uint32Array;
  groups: GeometryGroup[];
}

/**
 * Build {@link ThreeGeometryData} from a Part mesh. Normals are the mesh's own when present,
 * otherwise area-weighted vertex normals. Groups are runs of equal `triangleFace` (one group per
 * Part face when faces are contiguous; a single group for a mesh-only part); `materialIndex` is the
 * run's face index, or 0 for triangles without a face.
 * @example
 * ```ts
 * const data = createThreeGeometryData(part.mesh);
 * ```
 */
export function createThreeGeometryData(mesh: PartMesh): ThreeGeometryData {
  const positions = new Float32Array(mesh.positions);
  const index = mesh.indices.slice();
  const normals = mesh.normals.length === mesh.positions.length ? mesh.normals.slice() : vertexNormals(mesh.positions, mesh.indices);
  const groups: GeometryGroup[] = [];
  const tf = mesh.triangleFace;
  const n = mesh.indices.length / 3;
  if (n > 0 && tf.length !== n) groups.push({ start: 0, count: n * 3, materialIndex: 0, faceIndex: -1 });
  else {
    let start = 0;
    for (let t = 1; t <= n; t++) {
      if (t < n && tf[t] === tf[start]) continue;
      const face = tf[start];
      groups.push({ start: start * 3, count: (t - start) * 3, materialIndex: face >= 0 ? face : 0, faceIndex: face });
      start = t;
    }
  }
  return { positions, normals, index, groups };
}

/** @internal Area-weighted unit vertex normals (zero for unused vertices). */
export function vertexNormals(p: Float64Array, idx: Uint32Array): Float32Array {
  const acc = new Float64Array(p.length);
  for (let t = 0; t < idx.length / 3; t++) {
    const a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      acc[v] += nx;
      acc[v + 1] += ny;
      acc[v + 2] += nz;
    }
  }
  const out = new Float32Array(p.length);
  for (let v = 0; v < p.length; v += 3) {
    const l = Math.hypot(acc[v], acc[v + 1], acc[v + 2]);
    if (l > 0) {
      out[v] = acc[v] / l;
      out[v + 1] = acc[v + 1] / l;
      out[v + 2] = acc[v + 2] / l;
    }
  }
  return out;
}
