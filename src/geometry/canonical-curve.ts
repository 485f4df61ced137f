/**
 * Which analytic curve a free-form edge curve is. Some exporters write straight edges and circular arcs as
 * B-splines (I-DEAS writes every straight edge as a degree-1 quasi-uniform curve; Open CASCADE's 2008 writer and
 * AP203 translators write circles as B-spline arcs): read by the type the file wrote, such an edge is a free-form
 * edge to every rule and to Tier 1's edge attributes, though its shape is a line or a circle.
 * @internal
 */
import type { Curve, Vec3 } from '../model/index.js';
import { evaluateCurve } from './curve-eval.js';

/** Kinds a free-form curve can be recognized as. */
export type CanonicalCurveKind = 'line' | 'circle';

/** Samples along the edge's range (ends included). */
const SAMPLES = 9;

/** Deviation allowed, as a share of the edge's chord (a line) or radius (a circle), plus an absolute floor (mm): exporters write such curves exactly (as canonical-kinds.ts reads faces). */
const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_TOLERANCE_MM = 1e-7;

/** The curve a (possibly nested) trimmed curve trims; any other curve itself. */
export function untrimmedCurve(c: Curve): Curve {
  return c.type === 'trimmed' ? untrimmedCurve(c.basis) : c;
}

/**
 * The analytic kind of a B-spline or polyline curve over `[t0, t1]`: `'line'` when every sample lies on the
 * chord's line, `'circle'` when every sample lies on one circle (in one plane, at one distance from the centre
 * through three samples); null when neither fits, for analytic curves (their own type stands) and for curves that
 * cannot be evaluated.
 */
export function canonicalCurveKind(curve: Curve, t0: number, t1: number): CanonicalCurveKind | null {
  const c = untrimmedCurve(curve);
  if (c.type !== 'bspline' && c.type !== 'polyline') return null;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t0 === t1) return null;
  const pts: Vec3[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const p = evaluateCurve(c, t0 + ((t1 - t0) * i) / (SAMPLES - 1));
      if (!Number.isFinite(p[0] + p[1] + p[2])) return null;
      pts.push([p[0], p[1], p[2]]);
    }
  } catch {
    return null;
  }
  const closed = dist(pts[0], pts[SAMPLES - 1]) <= ABSOLUTE_TOLERANCE_MM * 1e3;
  if (!closed && onLine(pts)) return 'line';
  const a = pts[0];
  const b = pts[closed ? 3 : (SAMPLES - 1) / 2];
  const c3 = pts[closed ? 6 : SAMPLES - 1];
  return onCircle(pts, a, b, c3) ? 'circle' : null;
}

function dist(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function onLine(pts: Vec3[]): boolean {
  const a = pts[0], b = pts[pts.length - 1];
  const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const len = Math.hypot(d[0], d[1], d[2]);
  if (!(len > 0)) return false;
  const tol = RELATIVE_TOLERANCE * len + ABSOLUTE_TOLERANCE_MM;
  for (const p of pts) {
    const w: Vec3 = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
    const t = (w[0] * d[0] + w[1] * d[1] + w[2] * d[2]) / (len * len);
    if (Math.hypot(w[0] - t * d[0], w[1] - t * d[1], w[2] - t * d[2]) > tol) return false;
  }
  return true;
}

function onCircle(pts: Vec3[], a: Vec3, b: Vec3, c: Vec3): boolean {
  // circumcentre of a, b, c
  const ab: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const ac: Vec3 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const n: Vec3 = [ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2], ab[0] * ac[1] - ab[1] * ac[0]];
  const nn = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];
  if (!(nn > 0)) return false;
  const ab2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  const ac2 = ac[0] * ac[0] + ac[1] * ac[1] + ac[2] * ac[2];
  // centre = a + ((|ab|² ac − |ac|² ab) × n) / (2 |n|²)
  const v: Vec3 = [ab2 * ac[0] - ac2 * ab[0], ab2 * ac[1] - ac2 * ab[1], ab2 * ac[2] - ac2 * ab[2]];
  const centre: Vec3 = [
    a[0] + (v[1] * n[2] - v[2] * n[1]) / (2 * nn),
    a[1] + (v[2] * n[0] - v[0] * n[2]) / (2 * nn),
    a[2] + (v[0] * n[1] - v[1] * n[0]) / (2 * nn),
  ];
  const r = dist(a, centre);
  if (!(r > 0) || !Number.isFinite(r)) return false;
  const tol = RELATIVE_TOLERANCE * r + ABSOLUTE_TOLERANCE_MM;
  const nl = Math.sqrt(nn);
  for (const p of pts) {
    if (Math.abs(dist(p, centre) - r) > tol) return false;
    const off = ((p[0] - centre[0]) * n[0] + (p[1] - centre[1]) * n[1] + (p[2] - centre[2]) * n[2]) / nl;
    if (Math.abs(off) > tol) return false;
  }
  return true;
}
