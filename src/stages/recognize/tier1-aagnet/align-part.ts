/**
 * Stock alignment for Tier 1. AAGNet was trained without rotation augmentation on axis-aligned box
 * stocks, and its inputs carry raw coordinates and normals, so a rotated part is misread (on MFCAD,
 * per-face accuracy drops from 99 % to 57 % under random rotations). Prismatic parts have a
 * natural frame — the directions of their planar faces — so before extraction the Part is rotated
 * (about the origin; the gAAG's unit-box scaling removes the translation) to bring that frame onto
 * the coordinate axes, choosing the signed axis permutation closest to the part's current
 * orientation. Parts already aligned — at least half of the planar weight on faces facing a
 * coordinate axis within 1° — are left as they are.
 *
 * Frame estimation: planar faces vote with their weight (area when the Part has one, else the
 * square of their boundary length); d1 = the face-normal direction (up to sign) carrying the most
 * weight within 1°; d2 = the same among directions perpendicular to d1 within 1°; d3 = d1 × d2.
 * Without two such directions the part is left as it is.
 *
 * @internal
 */
import type { Curve, Frame, Part, PartFace, Surface, Vec3 } from '../../../model/index.js';
import { recordRotatedPartSource } from '../../../features/gaag/rotated-part-source.js';

/** Row-major 3×3 rotation. @internal */
export type Rotation3 = readonly number[];

const COS_1DEG = Math.cos((1 * Math.PI) / 180);
const SIN_1DEG = Math.sin((1 * Math.PI) / 180);

function rot(r: Rotation3, v: readonly number[]): Vec3 {
  return [r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2]];
}

function rotFrame(r: Rotation3, f: Frame): Frame {
  return { origin: rot(r, f.origin), x: rot(r, f.x), y: rot(r, f.y), z: rot(r, f.z) };
}

function rotCurve(r: Rotation3, c: Curve): Curve {
  switch (c.type) {
    case 'line':
      return { ...c, origin: rot(r, c.origin), direction: rot(r, c.direction) };
    case 'circle':
    case 'ellipse':
    case 'hyperbola':
    case 'parabola':
      return { ...c, frame: rotFrame(r, c.frame) };
    case 'bspline':
      return { ...c, controlPoints: c.controlPoints.map((p) => rot(r, p)) };
    case 'polyline':
      return { ...c, points: c.points.map((p) => rot(r, p)) };
    case 'trimmed':
      return {
        ...c,
        basis: rotCurve(r, c.basis),
        trim1: Array.isArray(c.trim1) ? rot(r, c.trim1) : c.trim1,
        trim2: Array.isArray(c.trim2) ? rot(r, c.trim2) : c.trim2,
      };
    default:
      return c;
  }
}

function rotSurface(r: Rotation3, s: Surface): Surface {
  switch (s.type) {
    case 'plane':
    case 'cylinder':
    case 'cone':
    case 'sphere':
    case 'torus':
      return { ...s, frame: rotFrame(r, s.frame) };
    case 'bspline':
      return { ...s, controlPoints: s.controlPoints.map((row) => row.map((p) => rot(r, p))) };
    case 'extrusion':
      return { ...s, sweptCurve: rotCurve(r, s.sweptCurve), direction: rot(r, s.direction) };
    case 'revolution':
      return { ...s, sweptCurve: rotCurve(r, s.sweptCurve), axisOrigin: rot(r, s.axisOrigin), axisDirection: rot(r, s.axisDirection) };
    case 'offset':
      return { ...s, basis: rotSurface(r, s.basis) };
    default:
      return s;
  }
}

function rotBox(r: Rotation3, b: { min: Vec3; max: Vec3 }): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let k = 0; k < 8; k++) {
    const p = rot(r, [k & 1 ? b.max[0] : b.min[0], k & 2 ? b.max[1] : b.min[1], k & 4 ? b.max[2] : b.min[2]]);
    for (let d = 0; d < 3; d++) {
      if (p[d] < min[d]) min[d] = p[d];
      if (p[d] > max[d]) max[d] = p[d];
    }
  }
  return { min, max };
}

/**
 * A copy of the Part rotated by `r` about the origin: surfaces, curves, vertices, face centroids
 * and boxes (boxes as the box of the rotated box), mesh positions and normals. Topology, PCURVEs
 * (parameter space), the AAG and all scalars are shared or unchanged. The copy is recorded as made
 * from `part` ({@link recordRotatedPartSource}), so the gAAG extraction reuses `part`'s uv boundaries.
 * @internal
 */
export function rotatePart(part: Readonly<Part>, r: Rotation3): Part {
  const positions = new Float64Array(part.mesh.positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    const p = rot(r, [part.mesh.positions[i], part.mesh.positions[i + 1], part.mesh.positions[i + 2]]);
    positions[i] = p[0];
    positions[i + 1] = p[1];
    positions[i + 2] = p[2];
  }
  const normals = new Float32Array(part.mesh.normals.length);
  for (let i = 0; i < normals.length; i += 3) {
    const n = rot(r, [part.mesh.normals[i], part.mesh.normals[i + 1], part.mesh.normals[i + 2]]);
    normals[i] = n[0];
    normals[i + 1] = n[1];
    normals[i + 2] = n[2];
  }
  const rotated: Part = {
    ...part,
    vertices: part.vertices.map((v) => ({ ...v, point: rot(r, v.point) })),
    edges: part.edges.map((e) => ({ ...e, curve: rotCurve(r, e.curve) })),
    faces: part.faces.map((f) => ({
      ...f,
      surface: f.surface ? rotSurface(r, f.surface) : null,
      centroid: rot(r, f.centroid),
      bbox: rotBox(r, f.bbox),
    })),
    mesh: { ...part.mesh, positions, normals },
    summary: { ...part.summary, bbox: rotBox(r, part.summary.bbox) },
  };
  recordRotatedPartSource(rotated, part as Part, r);
  return rotated;
}

function faceWeight(part: Readonly<Part>, f: PartFace): number {
  if (f.area > 0) return f.area;
  let perimeter = 0;
  for (const b of f.bounds) for (const c of b.coedges) perimeter += part.edges[c.edge]?.lengthMm ?? 0;
  return perimeter * perimeter;
}

/**
 * The rotation that brings the part's dominant planar directions onto the coordinate axes, or null
 * when the part is already aligned (within 1e-9) or has no two perpendicular dominant directions.
 * @internal
 */
export function stockAlignment(part: Readonly<Part>): { rotation: Rotation3; angleDeg: number } | null {
  const normals: Vec3[] = [];
  const weights: number[] = [];
  for (const f of part.faces) {
    if (f.surface?.type !== 'plane') continue;
    const z = f.surface.frame.z;
    const l = Math.hypot(z[0], z[1], z[2]);
    if (!(l > 0)) continue;
    normals.push([z[0] / l, z[1] / l, z[2] / l]);
    weights.push(faceWeight(part, f));
  }
  if (normals.length === 0) return null;
  // Already aligned (checked first: O(faces)): most of the planar weight lies on faces facing a coordinate axis.
  let total = 0;
  let onAxes = 0;
  for (let i = 0; i < normals.length; i++) {
    total += weights[i];
    const n = normals[i];
    if (Math.max(Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2])) > COS_1DEG) onAxes += weights[i];
  }
  if (onAxes >= 0.5 * total) return null;
  const support = (d: Vec3) => {
    let s = 0;
    for (let i = 0; i < normals.length; i++) {
      const c = normals[i][0] * d[0] + normals[i][1] * d[1] + normals[i][2] * d[2];
      if (Math.abs(c) > COS_1DEG) s += weights[i];
    }
    return s;
  };
  let d1: Vec3 | null = null;
  let best = 0;
  for (const n of normals) {
    const s = support(n);
    if (s > best) {
      best = s;
      d1 = n;
    }
  }
  if (!d1) return null;
  let d2: Vec3 | null = null;
  best = 0;
  for (const n of normals) {
    const c = n[0] * d1[0] + n[1] * d1[1] + n[2] * d1[2];
    if (Math.abs(c) > SIN_1DEG) continue;
    const s = support(n);
    if (s > best) {
      best = s;
      d2 = n;
    }
  }
  if (!d2) return null;
  // orthonormal right-handed frame d1, d2, d3
  const c12 = d2[0] * d1[0] + d2[1] * d1[1] + d2[2] * d1[2];
  const v: Vec3 = [d2[0] - c12 * d1[0], d2[1] - c12 * d1[1], d2[2] - c12 * d1[2]];
  const lv = Math.hypot(v[0], v[1], v[2]);
  const e2: Vec3 = [v[0] / lv, v[1] / lv, v[2] / lv];
  const e1 = d1;
  // target axes: the closest signed coordinate axes, distinct, right-handed
  const nearest = (d: Vec3, exclude: number): [number, number] => {
    let k = -1;
    for (let i = 0; i < 3; i++) if (i !== exclude && (k < 0 || Math.abs(d[i]) > Math.abs(d[k]))) k = i;
    return [k, d[k] >= 0 ? 1 : -1];
  };
  const [k1, s1] = nearest(e1, -1);
  const [k2, s2] = nearest(e2, k1);
  const t1: Vec3 = [0, 0, 0];
  const t2: Vec3 = [0, 0, 0];
  t1[k1] = s1;
  t2[k2] = s2;
  const t3: Vec3 = [t1[1] * t2[2] - t1[2] * t2[1], t1[2] * t2[0] - t1[0] * t2[2], t1[0] * t2[1] - t1[1] * t2[0]];
  const e3: Vec3 = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
  // R = t1 e1ᵀ + t2 e2ᵀ + t3 e3ᵀ maps e_i → t_i
  const r: number[] = new Array(9).fill(0);
  for (const [t, e] of [
    [t1, e1],
    [t2, e2],
    [t3, e3],
  ] as [Vec3, Vec3][])
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[i * 3 + j] += t[i] * e[j];
  let off = 0;
  for (let i = 0; i < 9; i++) off = Math.max(off, Math.abs(r[i] - (i % 4 === 0 ? 1 : 0)));
  if (off < 1e-9) return null;
  const angleDeg = (Math.acos(Math.min(1, Math.max(-1, (r[0] + r[4] + r[8] - 1) / 2))) * 180) / Math.PI;
  return { rotation: r, angleDeg };
}
