import type { PartMesh } from '../../../model/index.js';

/** Points with per-point unit normals (zero vectors when unknown). */
export interface OrientedPoints {
  /** xyz per point. */
  positions: Float64Array;
  /** xyz per point; all zeros when `hasNormals` is false. */
  normals: Float64Array;
  hasNormals: boolean;
  /** True when normals are oriented (outward), e.g. sampled from an oriented mesh. */
  orientedNormals: boolean;
}

/**
 * @internal
 * Sample `count` points uniformly by area from a triangle mesh (seeded), each with its triangle's
 * unit normal (outward when the mesh is oriented outward).
 */
export function sampleMeshSurface(mesh: PartMesh, count: number, random: () => number): OrientedPoints {
  const p = mesh.positions, idx = mesh.indices;
  const n = idx.length / 3;
  const cdf = new Float64Array(n);
  let total = 0;
  for (let t = 0; t < n; t++) {
    const a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    total += Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
    cdf[t] = total;
  }
  const positions = new Float64Array(count * 3);
  const normals = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    const x = random() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    const t = lo;
    const a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
    let r1 = random(), r2 = random();
    if (r1 + r2 > 1) { r1 = 1 - r1; r2 = 1 - r2; }
    for (let k = 0; k < 3; k++) positions[i * 3 + k] = p[a + k] + r1 * (p[b + k] - p[a + k]) + r2 * (p[c + k] - p[a + k]);
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz) || 1;
    normals[i * 3] = nx / l;
    normals[i * 3 + 1] = ny / l;
    normals[i * 3 + 2] = nz / l;
  }
  return { positions, normals, hasNormals: true, orientedNormals: true };
}

/** @internal Seeded subsample of at most `max` points (all of them when fewer). */
export function subsamplePoints(positions: Float64Array, normals: ArrayLike<number>, max: number, random: () => number): { positions: Float64Array; normals: Float64Array | null } {
  const n = positions.length / 3;
  const hasN = normals.length === positions.length;
  if (n <= max) return { positions: positions.slice(), normals: hasN ? Float64Array.from(normals) : null };
  // partial Fisher–Yates over an index array
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  const pos = new Float64Array(max * 3);
  const nrm = hasN ? new Float64Array(max * 3) : null;
  for (let i = 0; i < max; i++) {
    for (let k = 0; k < 3; k++) {
      pos[i * 3 + k] = positions[order[i] * 3 + k];
      if (nrm) nrm[i * 3 + k] = normals[order[i] * 3 + k];
    }
  }
  return { positions: pos, normals: nrm };
}
