/**
 * Triangle-mesh measures over struct-of-arrays meshes (`positions` xyz, `indices` three per triangle):
 * area, area centroid, bounding box and signed volume (divergence theorem) of a triangle range.
 * No allocation per triangle.
 */
import type { BoundingBox, Vec3 } from '../model/index.js';

/** Area, area centroid and bbox of a set of triangles. */
export interface TriangleRangeMeasures {
  areaMm2: number;
  /** Area-weighted centroid (mm); the vertex mean when the area is zero; `[0,0,0]` when empty. */
  centroid: Vec3;
  /** Box of the triangles' vertices; min = max = 0 when empty. */
  bbox: BoundingBox;
}

/**
 * Area, area centroid and bounding box of triangles `firstTri … firstTri+count-1`.
 *
 * @example
 * ```ts
 * const m = measureTriangleRange(mesh.positions, mesh.indices, 0, mesh.indices.length / 3);
 * ```
 */
export function measureTriangleRange(positions: ArrayLike<number>, indices: ArrayLike<number>, firstTri: number, count: number): TriangleRangeMeasures {
  let area = 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxZ = -Infinity;
  const end = firstTri + count;
  for (let t = firstTri; t < end; t++) {
    const a = 3 * indices[3 * t];
    const b = 3 * indices[3 * t + 1];
    const c = 3 * indices[3 * t + 2];
    const ax = positions[a], ay = positions[a + 1], az = positions[a + 2];
    const bx = positions[b], by = positions[b + 1], bz = positions[b + 2];
    const qx = positions[c], qy = positions[c + 1], qz = positions[c + 2];
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const vx = qx - ax, vy = qy - ay, vz = qz - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    const ta = 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
    area += ta;
    const gx = (ax + bx + qx) / 3, gy = (ay + by + qy) / 3, gz = (az + bz + qz) / 3;
    cx += ta * gx;
    cy += ta * gy;
    cz += ta * gz;
    mx += gx;
    my += gy;
    mz += gz;
    if (ax < minX) minX = ax; if (ax > maxX) maxX = ax;
    if (bx < minX) minX = bx; if (bx > maxX) maxX = bx;
    if (qx < minX) minX = qx; if (qx > maxX) maxX = qx;
    if (ay < minY) minY = ay; if (ay > maxY) maxY = ay;
    if (by < minY) minY = by; if (by > maxY) maxY = by;
    if (qy < minY) minY = qy; if (qy > maxY) maxY = qy;
    if (az < minZ) minZ = az; if (az > maxZ) maxZ = az;
    if (bz < minZ) minZ = bz; if (bz > maxZ) maxZ = bz;
    if (qz < minZ) minZ = qz; if (qz > maxZ) maxZ = qz;
  }
  if (count <= 0) return { areaMm2: 0, centroid: [0, 0, 0], bbox: { min: [0, 0, 0], max: [0, 0, 0] } };
  const centroid: Vec3 = area > 0 ? [cx / area, cy / area, cz / area] : [mx / count, my / count, mz / count];
  return { areaMm2: area, centroid, bbox: { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] } };
}

/**
 * Signed volume (mm³) enclosed by triangles `firstTri … firstTri+count-1`: Σ a·(b×c)/6. Positive for a
 * closed mesh with outward (counter-clockwise seen from outside) winding. Meaningful only for closed meshes.
 */
export function signedVolume(positions: ArrayLike<number>, indices: ArrayLike<number>, firstTri = 0, count = indices.length / 3): number {
  let v = 0;
  const end = firstTri + count;
  for (let t = firstTri; t < end; t++) {
    const a = 3 * indices[3 * t];
    const b = 3 * indices[3 * t + 1];
    const c = 3 * indices[3 * t + 2];
    const ax = positions[a], ay = positions[a + 1], az = positions[a + 2];
    const bx = positions[b], by = positions[b + 1], bz = positions[b + 2];
    const cx = positions[c], cy = positions[c + 1], cz = positions[c + 2];
    v += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  }
  return v / 6;
}

/** Bounding box of all vertices (min = max = 0 when empty). */
export function positionsBoundingBox(positions: ArrayLike<number>): BoundingBox {
  if (positions.length < 3) return { min: [0, 0, 0], max: [0, 0, 0] };
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const x = positions[i + k];
      if (x < min[k]) min[k] = x;
      if (x > max[k]) max[k] = x;
    }
  }
  return { min, max };
}

/** Length of the box diagonal (mm). */
export function boxDiagonal(b: BoundingBox): number {
  return Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
}

/** Union of two boxes (a new box). */
export function unionBox(a: BoundingBox, b: BoundingBox): BoundingBox {
  return {
    min: [Math.min(a.min[0], b.min[0]), Math.min(a.min[1], b.min[1]), Math.min(a.min[2], b.min[2])],
    max: [Math.max(a.max[0], b.max[0]), Math.max(a.max[1], b.max[1]), Math.max(a.max[2], b.max[2])],
  };
}

/**
 * Unnormalised normal (twice the area vector) of triangle `t`, written to `out`.
 */
export function triangleAreaVector(positions: ArrayLike<number>, indices: ArrayLike<number>, t: number, out: Vec3): Vec3 {
  const a = 3 * indices[3 * t];
  const b = 3 * indices[3 * t + 1];
  const c = 3 * indices[3 * t + 2];
  const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
  const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
  out[0] = uy * vz - uz * vy;
  out[1] = uz * vx - ux * vz;
  out[2] = ux * vy - uy * vx;
  return out;
}
