/**
 * The whole-part unit box (reference §2.2): the tight box of the exact geometry, as
 * `BRepBndLib::AddOptimal` computes it before any triangulation; p' = (p − c)·s with s = 2 / (longest
 * side). Built from the vertices, the analytic extremes of circle and ellipse arcs, refined extremes of
 * other curves, and (for faces that can bulge beyond their edges: spheres, tori, B-splines and other
 * free-form surfaces) samples of the surface inside the trimmed region.
 *
 * @internal
 */
import type { Part, PartEdge, Vec3 } from '../../model/index.js';
import { evaluateCurve } from '../../geometry/curve-eval.js';

/** Unit-box transform: p' = (p − center) · scale. */
export interface UnitBox {
  center: Vec3;
  scale: number;
}

const TWO_PI = 2 * Math.PI;
const t3: Vec3 = [0, 0, 0];

/** Growable axis-aligned box as [minx, miny, minz, maxx, maxy, maxz]. */
export function emptyBox(): Float64Array {
  return new Float64Array([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
}

export function addToBox(box: Float64Array, x: number, y: number, z: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) return;
  if (x < box[0]) box[0] = x;
  if (y < box[1]) box[1] = y;
  if (z < box[2]) box[2] = z;
  if (x > box[3]) box[3] = x;
  if (y > box[4]) box[4] = y;
  if (z > box[5]) box[5] = z;
}

/** Adds the exact extent of an edge (parameter range [t0, t1]) to the box. */
export function addEdgeToBox(box: Float64Array, edge: PartEdge, t0: number, t1: number): void {
  const base = edge.curve.type === 'trimmed' ? edge.curve.basis : edge.curve;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || base.type === 'line' || base.type === 'other') return;
  if (base.type === 'circle' || base.type === 'ellipse') {
    const a = base.type === 'circle' ? base.radius : base.semiAxis1;
    const b = base.type === 'circle' ? base.radius : base.semiAxis2;
    const { x, y } = base.frame;
    for (let k = 0; k < 3; k++) {
      const t0k = Math.atan2(b * y[k], a * x[k]);
      for (let m = 0; m < 2; m++) {
        let t = t0k + m * Math.PI;
        t = t - Math.floor((t - t0) / TWO_PI) * TWO_PI;
        if (t <= t1 + 1e-15) {
          evaluateCurve(base, t, t3);
          addToBox(box, t3[0], t3[1], t3[2]);
        }
      }
    }
    return;
  }
  // free-form: dense samples, then golden-section refinement of each coordinate's local extremes
  const n = base.type === 'bspline' ? Math.max(64, 8 * base.controlPoints.length) : 64;
  const vals = new Float64Array((n + 1) * 3);
  for (let i = 0; i <= n; i++) {
    evaluateCurve(edge.curve, t0 + ((t1 - t0) * i) / n, t3);
    vals[i * 3] = t3[0];
    vals[i * 3 + 1] = t3[1];
    vals[i * 3 + 2] = t3[2];
    addToBox(box, t3[0], t3[1], t3[2]);
  }
  for (let k = 0; k < 3; k++) {
    for (let i = 1; i < n; i++) {
      const a = vals[(i - 1) * 3 + k], c = vals[i * 3 + k], d = vals[(i + 1) * 3 + k];
      const isMax = c >= a && c >= d;
      const isMin = c <= a && c <= d;
      if (!isMax && !isMin) continue;
      // a flat run (this coordinate constant to rounding, e.g. z of a curve in a plane z = c) makes
      // every sample an "extreme" whose refinement cannot move the box: skip it
      const flat = 1e-12 * (1 + Math.abs(c));
      if (Math.abs(a - c) <= flat && Math.abs(d - c) <= flat) continue;
      const sign = isMax ? -1 : 1;
      let lo = t0 + ((t1 - t0) * (i - 1)) / n;
      let hi = t0 + ((t1 - t0) * (i + 1)) / n;
      const g = (Math.sqrt(5) - 1) / 2;
      for (let it = 0; it < 60; it++) {
        const x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
        const f1 = sign * evaluateCurve(edge.curve, x1, t3)[k];
        const f2 = sign * evaluateCurve(edge.curve, x2, t3)[k];
        if (f1 < f2) hi = x2;
        else lo = x1;
      }
      evaluateCurve(edge.curve, (lo + hi) / 2, t3);
      addToBox(box, t3[0], t3[1], t3[2]);
    }
  }
}

/** Unit-box transform of a box [min xyz, max xyz]. */
export function unitBoxOf(box: Float64Array): UnitBox {
  const center: Vec3 = [(box[0] + box[3]) / 2, (box[1] + box[4]) / 2, (box[2] + box[5]) / 2];
  const L = Math.max(box[3] - box[0], box[4] - box[1], box[5] - box[2]);
  return { center, scale: L > 0 && Number.isFinite(L) ? 2 / L : 1 };
}

/** Part-level helper: the box of the given faces' vertices and edges. */
export function edgeBoxOfFaces(part: Part, faces: readonly number[], edgeRanges: Float64Array): Float64Array {
  const box = emptyBox();
  const seen = new Uint8Array(part.edges.length);
  for (const fi of faces) {
    const f = part.faces[fi];
    for (const b of f.bounds) {
      if (b.vertex !== undefined) {
        const p = part.vertices[b.vertex].point;
        addToBox(box, p[0], p[1], p[2]);
      }
      for (const ce of b.coedges) {
        if (seen[ce.edge]) continue;
        seen[ce.edge] = 1;
        const e = part.edges[ce.edge];
        const ps = part.vertices[e.start].point;
        const pe = part.vertices[e.end].point;
        addToBox(box, ps[0], ps[1], ps[2]);
        addToBox(box, pe[0], pe[1], pe[2]);
        const sb = edgeCurveBox(e, edgeRanges[e.index * 2], edgeRanges[e.index * 2 + 1]);
        // min with min and max with max: the same box as adding the curve's points one by one (a value
        // equal to the box's keeps the box's, as one by one)
        for (let k = 0; k < 3; k++) {
          if (sb[k] < box[k]) box[k] = sb[k];
          if (sb[k + 3] > box[k + 3]) box[k + 3] = sb[k + 3];
        }
      }
    }
  }
  return box;
}

/**
 * The box of {@link addEdgeToBox}'s points of one edge curve over [t0, t1], computed once per curve and
 * range: the measure stage asks for each edge twice (once per face) and the gAAG extraction once more,
 * and a free-form edge costs hundreds of curve evaluations. Keyed by the curve object (what
 * {@link addEdgeToBox} reads) and the exact range.
 */
function edgeCurveBox(edge: PartEdge, t0: number, t1: number): Float64Array {
  let list = edgeBoxMemo.get(edge.curve);
  if (!list) edgeBoxMemo.set(edge.curve, (list = []));
  for (const e of list) if (Object.is(e.t0, t0) && Object.is(e.t1, t1)) return e.box;
  const box = emptyBox();
  addEdgeToBox(box, edge, t0, t1);
  if (list.length >= 4) list.shift();
  list.push({ t0, t1, box });
  return box;
}

const edgeBoxMemo = new WeakMap<object, { t0: number; t1: number; box: Float64Array }[]>();
