/**
 * Triangle–triangle intersection test (interval overlap on the line where the two planes meet,
 * after Möller 1997, written from the published description), with a separate coplanar branch.
 * Touching within `eps` (a length, mm) does not count as intersecting.
 *
 * Coordinates are read from `p` at vertex offsets (already multiplied by 3).
 * @internal
 */
export function trianglesIntersect(
  p: Float64Array,
  a0: number, a1: number, a2: number,
  b0: number, b1: number, b2: number,
  eps: number,
): boolean {
  // plane of B
  const nb = planeNormal(p, b0, b1, b2, NB);
  if (!nb) return false; // degenerate
  const db0 = dist(p, a0, NB, b0), db1 = dist(p, a1, NB, b0), db2 = dist(p, a2, NB, b0);
  const da0 = snap(db0, eps), da1 = snap(db1, eps), da2 = snap(db2, eps);
  if ((da0 > 0 && da1 > 0 && da2 > 0) || (da0 < 0 && da1 < 0 && da2 < 0)) return false;
  const na = planeNormal(p, a0, a1, a2, NA);
  if (!na) return false;
  const e0 = snap(dist(p, b0, NA, a0), eps), e1 = snap(dist(p, b1, NA, a0), eps), e2 = snap(dist(p, b2, NA, a0), eps);
  if ((e0 > 0 && e1 > 0 && e2 > 0) || (e0 < 0 && e1 < 0 && e2 < 0)) return false;
  if (da0 === 0 && da1 === 0 && da2 === 0) return coplanar(p, a0, a1, a2, b0, b1, b2, NA, eps);
  // direction of the intersection line
  const dx = NA[1] * NB[2] - NA[2] * NB[1];
  const dy = NA[2] * NB[0] - NA[0] * NB[2];
  const dz = NA[0] * NB[1] - NA[1] * NB[0];
  const len = Math.hypot(dx, dy, dz);
  if (len < 1e-12) return coplanar(p, a0, a1, a2, b0, b1, b2, NA, eps);
  const ux = dx / len, uy = dy / len, uz = dz / len;
  const pa0 = p[a0] * ux + p[a0 + 1] * uy + p[a0 + 2] * uz;
  const pa1 = p[a1] * ux + p[a1 + 1] * uy + p[a1 + 2] * uz;
  const pa2 = p[a2] * ux + p[a2 + 1] * uy + p[a2 + 2] * uz;
  const pb0 = p[b0] * ux + p[b0 + 1] * uy + p[b0 + 2] * uz;
  const pb1 = p[b1] * ux + p[b1 + 1] * uy + p[b1 + 2] * uz;
  const pb2 = p[b2] * ux + p[b2 + 1] * uy + p[b2 + 2] * uz;
  if (!interval(pa0, pa1, pa2, da0, da1, da2, IA)) return false;
  if (!interval(pb0, pb1, pb2, e0, e1, e2, IB)) return false;
  const lo = IA[0] > IB[0] ? IA[0] : IB[0];
  const hi = IA[1] < IB[1] ? IA[1] : IB[1];
  return hi - lo > eps;
}

const NA = new Float64Array(3);
const NB = new Float64Array(3);
const IA = new Float64Array(2);
const IB = new Float64Array(2);

function planeNormal(p: Float64Array, a: number, b: number, c: number, out: Float64Array): boolean {
  const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
  const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz);
  if (len === 0 || !Number.isFinite(len)) return false;
  out[0] = nx / len;
  out[1] = ny / len;
  out[2] = nz / len;
  return true;
}

function dist(p: Float64Array, v: number, n: Float64Array, o: number): number {
  return (p[v] - p[o]) * n[0] + (p[v + 1] - p[o + 1]) * n[1] + (p[v + 2] - p[o + 2]) * n[2];
}

function snap(d: number, eps: number): number {
  return d > eps || d < -eps ? d : 0;
}

/** Interval of a triangle on the line, from its projections and signed distances to the other plane. */
function interval(q0: number, q1: number, q2: number, d0: number, d1: number, d2: number, out: Float64Array): boolean {
  // collect the points where the triangle boundary meets the plane
  let lo = Infinity, hi = -Infinity;
  const add = (t: number) => {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  };
  if (d0 === 0) add(q0);
  if (d1 === 0) add(q1);
  if (d2 === 0) add(q2);
  if (d0 * d1 < 0) add(q0 + (q1 - q0) * (d0 / (d0 - d1)));
  if (d1 * d2 < 0) add(q1 + (q2 - q1) * (d1 / (d1 - d2)));
  if (d2 * d0 < 0) add(q2 + (q0 - q2) * (d2 / (d2 - d0)));
  if (lo > hi) return false;
  out[0] = lo;
  out[1] = hi;
  return true;
}

function coplanar(
  p: Float64Array,
  a0: number, a1: number, a2: number,
  b0: number, b1: number, b2: number,
  n: Float64Array,
  eps: number,
): boolean {
  // project onto the plane of the two largest normal components
  const ax = Math.abs(n[0]), ay = Math.abs(n[1]), az = Math.abs(n[2]);
  const i = ax >= ay && ax >= az ? 1 : 0;
  const j = ax >= ay && ax >= az ? 2 : ay >= az ? 2 : 1;
  const A = [p[a0 + i], p[a0 + j], p[a1 + i], p[a1 + j], p[a2 + i], p[a2 + j]];
  const B = [p[b0 + i], p[b0 + j], p[b1 + i], p[b1 + j], p[b2 + i], p[b2 + j]];
  for (let e = 0; e < 3; e++) {
    const f = (e + 1) % 3;
    for (let g = 0; g < 3; g++) {
      const h = (g + 1) % 3;
      if (segmentsCross(A[e * 2], A[e * 2 + 1], A[f * 2], A[f * 2 + 1], B[g * 2], B[g * 2 + 1], B[h * 2], B[h * 2 + 1], eps)) return true;
    }
  }
  return pointInTri(A[0], A[1], B, eps) || pointInTri(B[0], B[1], A, eps);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number, eps: number): boolean {
  const l1 = Math.hypot(bx - ax, by - ay), l2 = Math.hypot(dx - cx, dy - cy);
  const o1 = orient(ax, ay, bx, by, cx, cy) / (l1 || 1);
  const o2 = orient(ax, ay, bx, by, dx, dy) / (l1 || 1);
  const o3 = orient(cx, cy, dx, dy, ax, ay) / (l2 || 1);
  const o4 = orient(cx, cy, dx, dy, bx, by) / (l2 || 1);
  return ((o1 > eps && o2 < -eps) || (o1 < -eps && o2 > eps)) && ((o3 > eps && o4 < -eps) || (o3 < -eps && o4 > eps));
}

function pointInTri(px: number, py: number, T: number[], eps: number): boolean {
  const s = orient(T[0], T[1], T[2], T[3], T[4], T[5]) > 0 ? 1 : -1;
  const e0 = (s * orient(T[0], T[1], T[2], T[3], px, py)) / (Math.hypot(T[2] - T[0], T[3] - T[1]) || 1);
  const e1 = (s * orient(T[2], T[3], T[4], T[5], px, py)) / (Math.hypot(T[4] - T[2], T[5] - T[3]) || 1);
  const e2 = (s * orient(T[4], T[5], T[0], T[1], px, py)) / (Math.hypot(T[0] - T[4], T[1] - T[5]) || 1);
  return e0 > eps && e1 > eps && e2 > eps;
}
