/**
 * Trimming mask: whether a uv sample is strictly inside the trimmed face (OpenCascade's
 * `BRepTopAdaptor_FClass2d(face, 1e-9)` → `TopAbs_IN`, reference §2.6.5). Even–odd point-in-polygon
 * over all loops, flattened densely; a sample within `1e-9 · span` of a loop segment is ON → 0.
 *
 * @internal
 */
import type { Vec2 } from '../../model/index.js';
import { bspline2dBreaks } from './curve2d.js';
import { evaluateCurve2d } from '../../geometry/curve-eval.js';
import type { FaceUvBoundary, UvPiece } from './uv-bounds.js';

/** Flattened loops: `points` holds uv pairs; loop k spans points [starts[k], starts[k+1]). */
export interface UvPolygons {
  points: Float64Array;
  starts: Int32Array;
  loopCount: number;
  /** u period of the surface (0 if none): each loop is tested at the representative of u nearest its centre. */
  periodU: number;
  /** u centre of each loop. */
  centers: Float64Array;
}

const TWO_PI = 2 * Math.PI;
const q: Vec2 = [0, 0];
const breaks: number[] = [];

/** Samples per full turn of a circle or ellipse pcurve. */
const ARC_SAMPLES = 256;

function pieceSamples(p: UvPiece): number {
  if (p.kind !== 'pcurve' || !p.curve) return 0;
  const c = p.curve;
  switch (c.type) {
    case 'line':
      return 1;
    case 'circle':
    case 'ellipse':
      return Math.max(4, Math.ceil((Math.abs(p.tb - p.ta) / TWO_PI) * ARC_SAMPLES));
    case 'hyperbola':
    case 'parabola':
      return 64;
    case 'bspline':
      return c.degree <= 1 ? Math.max(1, bspline2dBreaks(c, p.ta, p.tb, breaks).length + 1) : 16 * (bspline2dBreaks(c, p.ta, p.tb, breaks).length + 1);
    case 'polyline':
      return Math.max(1, bspline2dBreaks(c, p.ta, p.tb, breaks).length + 1);
    default:
      return 0;
  }
}

let scratch = new Float64Array(1024);

/** Flattens the boundary's loops into closed uv polygons (the last point of each loop repeats its first). */
export function flattenLoops(b: FaceUvBoundary): UvPolygons {
  let n = 0;
  const starts = new Int32Array(b.loops.length + 1);
  const ensure = (extra: number) => {
    if ((n + extra) * 2 > scratch.length) {
      const grown = new Float64Array(Math.max(scratch.length * 2, (n + extra) * 2));
      grown.set(scratch.subarray(0, n * 2));
      scratch = grown;
    }
  };
  const add = (u: number, v: number) => {
    scratch[n * 2] = u;
    scratch[n * 2 + 1] = v;
    n++;
  };
  for (let k = 0; k < b.loops.length; k++) {
    starts[k] = n;
    for (const p of b.loops[k]) {
      if (p.kind === 'pcurve' && p.curve) {
        const c = p.curve;
        const m = pieceSamples(p);
        ensure(m + 1);
        if ((c.type === 'bspline' && c.degree <= 1) || c.type === 'polyline') {
          // exact: the breakpoints are the polygon
          bspline2dBreaks(c, p.ta, p.tb, breaks);
          evaluateCurve2d(c, p.ta, q);
          add(q[0] + p.du, q[1]);
          for (const t of breaks) {
            evaluateCurve2d(c, t, q);
            add(q[0] + p.du, q[1]);
          }
          ensure(1);
        } else {
          for (let i = 0; i < m; i++) {
            evaluateCurve2d(c, p.ta + ((p.tb - p.ta) * i) / m, q);
            add(q[0] + p.du, q[1]);
          }
        }
      } else {
        const pts = p.poly;
        ensure(pts.length / 2);
        for (let i = 0; i + 2 < pts.length; i += 2) add(pts[i], pts[i + 1]);
      }
    }
    // close
    ensure(1);
    if (n > starts[k]) add(scratch[starts[k] * 2], scratch[starts[k] * 2 + 1]);
  }
  starts[b.loops.length] = n;
  const centers = new Float64Array(b.loops.length);
  for (let k = 0; k < b.loops.length; k++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = starts[k]; i < starts[k + 1]; i++) {
      const u = scratch[i * 2];
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    centers[k] = (lo + hi) / 2;
  }
  return { points: scratch.subarray(0, n * 2), starts, loopCount: b.loops.length, periodU: b.periodU, centers };
}

/**
 * One boundary segment `i` against the sample (u, v): `ON` when the sample lies within `sqrt(tol2)` of it,
 * `CROSSES` when a ray from the sample towards +u crosses it (half-open in v), else `MISSES`. Shared by
 * {@link classifyUv} and {@link classifyUvRow} so that both decide every sample the same way.
 */
function segmentTest(P: Float64Array, i: number, u: number, v: number, tol2: number): 0 | 1 | 2 {
  const x1 = P[i * 2];
  const y1 = P[i * 2 + 1];
  const x2 = P[i * 2 + 2];
  const y2 = P[i * 2 + 3];
  const dx = x2 - x1, dy = y2 - y1;
  const l2 = dx * dx + dy * dy;
  let f = l2 > 0 ? ((u - x1) * dx + (v - y1) * dy) / l2 : 0;
  if (f < 0) f = 0;
  else if (f > 1) f = 1;
  const ex = x1 + f * dx - u, ey = y1 + f * dy - v;
  if (ex * ex + ey * ey <= tol2) return ON;
  if (y1 > v !== y2 > v && x1 + ((v - y1) * dx) / dy > u) return CROSSES;
  return MISSES;
}
const ON = 0;

/** False when segment `i` lies entirely above or below v ± `onTol`: it can neither hold a sample of that row nor be crossed. */
function segmentNearRow(P: Float64Array, i: number, v: number, onTol: number): boolean {
  const y1 = P[i * 2 + 1];
  const y2 = P[i * 2 + 3];
  return !((y1 > v + onTol && y2 > v + onTol) || (y1 < v - onTol && y2 < v - onTol));
}
const CROSSES = 1;
const MISSES = 2;

/**
 * 1 when (u, v) is strictly inside the polygons (even–odd), 0 when outside or within `onTol` of an
 * edge.
 */
export function classifyUv(poly: UvPolygons, u: number, v: number, onTol: number): 0 | 1 {
  const P = poly.points;
  let inside = false;
  const tol2 = onTol * onTol;
  const P0 = poly.periodU;
  const u0 = u;
  for (let k = 0; k < poly.loopCount; k++) {
    u = P0 > 0 ? u0 + P0 * Math.round((poly.centers[k] - u0) / P0) : u0;
    const a = poly.starts[k];
    const b = poly.starts[k + 1];
    for (let i = a; i + 1 < b; i++) {
      if (!segmentNearRow(P, i, v, onTol)) continue;
      const t = segmentTest(P, i, u, v, tol2);
      if (t === ON) return 0;
      if (t === CROSSES) inside = !inside;
    }
  }
  return inside ? 1 : 0;
}

let rowSegments = new Int32Array(256);
let rowLoopStarts = new Int32Array(9);

/**
 * {@link classifyUv} at `us[0..count)` on one row `v`, written to `out[0..count)`: the segments a row can
 * touch (those within `onTol` of `v` in v) are picked once for the row instead of once per sample. Every
 * sample sees the same segments in the same order as {@link classifyUv}, so the outcome is the same bit
 * for bit (ON when any is within `onTol`, else the crossing parity).
 */
export function classifyUvRow(poly: UvPolygons, v: number, us: ArrayLike<number>, count: number, onTol: number, out: Uint8Array): void {
  const P = poly.points;
  const tol2 = onTol * onTol;
  const P0 = poly.periodU;
  if (rowLoopStarts.length < poly.loopCount + 1) rowLoopStarts = new Int32Array(poly.loopCount + 1);
  const maxSegments = poly.starts[poly.loopCount] ?? 0;
  if (rowSegments.length < maxSegments) rowSegments = new Int32Array(Math.max(maxSegments, rowSegments.length * 2));
  let n = 0;
  for (let k = 0; k < poly.loopCount; k++) {
    rowLoopStarts[k] = n;
    const a = poly.starts[k];
    const b = poly.starts[k + 1];
    for (let i = a; i + 1 < b; i++) {
      if (segmentNearRow(P, i, v, onTol)) rowSegments[n++] = i;
    }
  }
  rowLoopStarts[poly.loopCount] = n;
  for (let s = 0; s < count; s++) {
    const u0 = us[s];
    let inside = false;
    let on = false;
    for (let k = 0; k < poly.loopCount && !on; k++) {
      const u = P0 > 0 ? u0 + P0 * Math.round((poly.centers[k] - u0) / P0) : u0;
      for (let m = rowLoopStarts[k]; m < rowLoopStarts[k + 1]; m++) {
        const t = segmentTest(P, rowSegments[m], u, v, tol2);
        if (t === ON) {
          on = true;
          break;
        }
        if (t === CROSSES) inside = !inside;
      }
    }
    out[s] = on ? 0 : inside ? 1 : 0;
  }
}
