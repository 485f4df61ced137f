/**
 * Exact-arithmetic-free triangle–triangle intersection in double precision (interval test on the
 * line where the two planes meet, after T. Möller, "A Fast Triangle-Triangle Intersection Test",
 * 1997; coplanar pairs by 2-D edge and containment tests). Touching counts as intersecting.
 *
 * Triangles are read from a flat xyz array by vertex index, so callers pass the mesh arrays
 * without copying.
 */

// Scratch (no allocation per call).
const A0 = new Float64Array(3), A1 = new Float64Array(3), A2 = new Float64Array(3);
const B0 = new Float64Array(3), B1 = new Float64Array(3), B2 = new Float64Array(3);
const E1 = new Float64Array(3), E2 = new Float64Array(3);
const N1 = new Float64Array(3), N2 = new Float64Array(3), D = new Float64Array(3);
const IA = new Float64Array(2), IB = new Float64Array(2);

function load(out: Float64Array, p: ArrayLike<number>, v: number): void {
  out[0] = p[3 * v];
  out[1] = p[3 * v + 1];
  out[2] = p[3 * v + 2];
}
// Deliberately not vec3.ts's sub3/cross3/dot3: those take [x, y, z] tuples, and feeding them Float64Array
// scratch here as well would make every call site of the shared helpers polymorphic in V8. This is the
// self-intersection search's innermost test, so it keeps its own monomorphic Float64Array versions.
function sub(out: Float64Array, a: Float64Array, b: Float64Array): void {
  out[0] = a[0] - b[0];
  out[1] = a[1] - b[1];
  out[2] = a[2] - b[2];
}
function cross(out: Float64Array, a: Float64Array, b: Float64Array): void {
  const x = a[1] * b[2] - a[2] * b[1];
  const y = a[2] * b[0] - a[0] * b[2];
  const z = a[0] * b[1] - a[1] * b[0];
  out[0] = x;
  out[1] = y;
  out[2] = z;
}
const dot = (a: Float64Array, b: Float64Array): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Unit normal of (p0,p1,p2) into `out`; returns false for a degenerate triangle. */
function unitNormal(out: Float64Array, p0: Float64Array, p1: Float64Array, p2: Float64Array): boolean {
  sub(E1, p1, p0);
  sub(E2, p2, p0);
  cross(out, E1, E2);
  const len = Math.hypot(out[0], out[1], out[2]);
  if (!(len > 0) || !Number.isFinite(len)) return false;
  out[0] /= len;
  out[1] /= len;
  out[2] /= len;
  return true;
}

/** Interval of a triangle on the intersection line; `out` gets [t0, t1]. Returns false when coplanar. */
function interval(
  out: Float64Array,
  p0: number, p1: number, p2: number,
  d0: number, d1: number, d2: number,
): boolean {
  // Pick the vertex alone on its side of the other plane.
  let a: number, b: number, c: number, da: number, db: number, dc: number;
  if (d0 * d1 > 0) {
    a = p2; b = p0; c = p1; da = d2; db = d0; dc = d1;
  } else if (d0 * d2 > 0) {
    a = p1; b = p0; c = p2; da = d1; db = d0; dc = d2;
  } else if (d1 * d2 > 0 || d0 !== 0) {
    a = p0; b = p1; c = p2; da = d0; db = d1; dc = d2;
  } else if (d1 !== 0) {
    a = p1; b = p0; c = p2; da = d1; db = d0; dc = d2;
  } else if (d2 !== 0) {
    a = p2; b = p0; c = p1; da = d2; db = d0; dc = d1;
  } else return false;
  out[0] = db === da ? a : a + ((b - a) * da) / (da - db);
  out[1] = dc === da ? a : a + ((c - a) * da) / (da - dc);
  if (out[0] > out[1]) {
    const t = out[0];
    out[0] = out[1];
    out[1] = t;
  }
  return true;
}

function orient2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function segmentsIntersect2(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
  eps: number,
): boolean {
  const o1 = orient2(ax, ay, bx, by, cx, cy);
  const o2 = orient2(ax, ay, bx, by, dx, dy);
  const o3 = orient2(cx, cy, dx, dy, ax, ay);
  const o4 = orient2(cx, cy, dx, dy, bx, by);
  const s = (v: number) => (Math.abs(v) <= eps ? 0 : v > 0 ? 1 : -1);
  const s1 = s(o1), s2 = s(o2), s3 = s(o3), s4 = s(o4);
  if (s1 * s2 < 0 && s3 * s4 < 0) return true;
  const onSeg = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    Math.min(px, qx) - eps <= rx && rx <= Math.max(px, qx) + eps && Math.min(py, qy) - eps <= ry && ry <= Math.max(py, qy) + eps;
  if (s1 === 0 && onSeg(ax, ay, bx, by, cx, cy)) return true;
  if (s2 === 0 && onSeg(ax, ay, bx, by, dx, dy)) return true;
  if (s3 === 0 && onSeg(cx, cy, dx, dy, ax, ay)) return true;
  if (s4 === 0 && onSeg(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

function pointInTriangle2(px: number, py: number, t: number[], eps: number): boolean {
  const d1 = orient2(t[0], t[1], t[2], t[3], px, py);
  const d2 = orient2(t[2], t[3], t[4], t[5], px, py);
  const d3 = orient2(t[4], t[5], t[0], t[1], px, py);
  const neg = d1 < -eps || d2 < -eps || d3 < -eps;
  const pos = d1 > eps || d2 > eps || d3 > eps;
  return !(neg && pos);
}

const TA = [0, 0, 0, 0, 0, 0];
const TB = [0, 0, 0, 0, 0, 0];

/** Strictly inside (farther than eps from every edge line, on the inner side). */
function strictlyInside2(px: number, py: number, t: number[], eps: number): boolean {
  const d1 = orient2(t[0], t[1], t[2], t[3], px, py);
  const d2 = orient2(t[2], t[3], t[4], t[5], px, py);
  const d3 = orient2(t[4], t[5], t[0], t[1], px, py);
  return (d1 > eps && d2 > eps && d3 > eps) || (d1 < -eps && d2 < -eps && d3 < -eps);
}

function coplanar(n: Float64Array, eps: number, strict = false): boolean {
  // Drop the axis where the normal is largest.
  const ax = Math.abs(n[0]), ay = Math.abs(n[1]), az = Math.abs(n[2]);
  const [i, j] = ax >= ay && ax >= az ? [1, 2] : ay >= az ? [0, 2] : [0, 1];
  const pa = [A0, A1, A2], pb = [B0, B1, B2];
  for (let k = 0; k < 3; k++) {
    TA[2 * k] = pa[k][i];
    TA[2 * k + 1] = pa[k][j];
    TB[2 * k] = pb[k][i];
    TB[2 * k + 1] = pb[k][j];
  }
  const e2 = eps * eps;
  if (strict) {
    // Interior overlap only: edges crossing properly, or a vertex or centroid strictly inside the other.
    for (let a = 0; a < 3; a++) {
      const a2 = (a + 1) % 3;
      for (let b = 0; b < 3; b++) {
        const b2 = (b + 1) % 3;
        const o1 = orient2(TA[2 * a], TA[2 * a + 1], TA[2 * a2], TA[2 * a2 + 1], TB[2 * b], TB[2 * b + 1]);
        const o2 = orient2(TA[2 * a], TA[2 * a + 1], TA[2 * a2], TA[2 * a2 + 1], TB[2 * b2], TB[2 * b2 + 1]);
        const o3 = orient2(TB[2 * b], TB[2 * b + 1], TB[2 * b2], TB[2 * b2 + 1], TA[2 * a], TA[2 * a + 1]);
        const o4 = orient2(TB[2 * b], TB[2 * b + 1], TB[2 * b2], TB[2 * b2 + 1], TA[2 * a2], TA[2 * a2 + 1]);
        if (((o1 > e2 && o2 < -e2) || (o1 < -e2 && o2 > e2)) && ((o3 > e2 && o4 < -e2) || (o3 < -e2 && o4 > e2))) return true;
      }
    }
    for (let k = 0; k < 3; k++) {
      if (strictlyInside2(TA[2 * k], TA[2 * k + 1], TB, e2) || strictlyInside2(TB[2 * k], TB[2 * k + 1], TA, e2)) return true;
    }
    const cax = (TA[0] + TA[2] + TA[4]) / 3, cay = (TA[1] + TA[3] + TA[5]) / 3;
    const cbx = (TB[0] + TB[2] + TB[4]) / 3, cby = (TB[1] + TB[3] + TB[5]) / 3;
    return strictlyInside2(cax, cay, TB, e2) || strictlyInside2(cbx, cby, TA, e2);
  }
  for (let a = 0; a < 3; a++) {
    const a2 = (a + 1) % 3;
    for (let b = 0; b < 3; b++) {
      const b2 = (b + 1) % 3;
      if (
        segmentsIntersect2(
          TA[2 * a], TA[2 * a + 1], TA[2 * a2], TA[2 * a2 + 1],
          TB[2 * b], TB[2 * b + 1], TB[2 * b2], TB[2 * b2 + 1],
          e2,
        )
      )
        return true;
    }
  }
  return pointInTriangle2(TA[0], TA[1], TB, e2) || pointInTriangle2(TB[0], TB[1], TA, e2);
}

/**
 * Whether triangles (a0,a1,a2) and (b0,b1,b2) — vertex indices into `positions` (xyz, mm) —
 * intersect. Degenerate (zero-area) triangles never intersect here; degeneracy is reported by its
 * own validator.
 *
 * With `minPenetrationMm` = 0 (the default) touching counts. With a positive value only real
 * interpenetration counts: crossing pairs where each triangle reaches more than `minPenetrationMm`
 * to both sides of the other's plane, and coplanar pairs whose interiors overlap. Contacts at the
 * level of rounding (tessellation vertices that touch without being shared) are then ignored.
 *
 * @param epsilonMm - distance under which a vertex counts as lying on the other plane. @defaultValue 1e-9
 * @param minPenetrationMm - see above. @defaultValue 0
 */
export function trianglesIntersect(
  positions: ArrayLike<number>,
  a0: number, a1: number, a2: number,
  b0: number, b1: number, b2: number,
  epsilonMm = 1e-9,
  minPenetrationMm = 0,
): boolean {
  load(A0, positions, a0);
  load(A1, positions, a1);
  load(A2, positions, a2);
  load(B0, positions, b0);
  load(B1, positions, b1);
  load(B2, positions, b2);
  if (!unitNormal(N2, B0, B1, B2) || !unitNormal(N1, A0, A1, A2)) return false;
  // Distances of A's corners from B's plane.
  const dB = -dot(N2, B0);
  let da0 = dot(N2, A0) + dB, da1 = dot(N2, A1) + dB, da2 = dot(N2, A2) + dB;
  if (Math.abs(da0) < epsilonMm) da0 = 0;
  if (Math.abs(da1) < epsilonMm) da1 = 0;
  if (Math.abs(da2) < epsilonMm) da2 = 0;
  if ((da0 > 0 && da1 > 0 && da2 > 0) || (da0 < 0 && da1 < 0 && da2 < 0)) return false;
  const dA = -dot(N1, A0);
  let db0 = dot(N1, B0) + dA, db1 = dot(N1, B1) + dA, db2 = dot(N1, B2) + dA;
  if (Math.abs(db0) < epsilonMm) db0 = 0;
  if (Math.abs(db1) < epsilonMm) db1 = 0;
  if (Math.abs(db2) < epsilonMm) db2 = 0;
  if ((db0 > 0 && db1 > 0 && db2 > 0) || (db0 < 0 && db1 < 0 && db2 < 0)) return false;
  const strict = minPenetrationMm > 0;
  if (da0 === 0 && da1 === 0 && da2 === 0) return coplanar(N1, epsilonMm, strict);
  if (strict) {
    const depthA = Math.min(Math.max(da0, da1, da2), -Math.min(da0, da1, da2));
    const depthB = Math.min(Math.max(db0, db1, db2), -Math.min(db0, db1, db2));
    if (Math.min(depthA, depthB) <= minPenetrationMm) return false;
  }
  cross(D, N1, N2);
  // Project onto the largest axis of D.
  const ax = Math.abs(D[0]), ay = Math.abs(D[1]), az = Math.abs(D[2]);
  const k = ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
  if (Math.hypot(D[0], D[1], D[2]) < 1e-12) return coplanar(N1, epsilonMm, strict);
  if (!interval(IA, A0[k], A1[k], A2[k], da0, da1, da2)) return coplanar(N1, epsilonMm, strict);
  if (!interval(IB, B0[k], B1[k], B2[k], db0, db1, db2)) return coplanar(N1, epsilonMm, strict);
  const tol = strict ? -epsilonMm : epsilonMm;
  return !(IA[1] < IB[0] - tol || IB[1] < IA[0] - tol);
}
