/**
 * The stock-envelope test: which planar faces lie on the part's axis-aligned bounding box, facing out,
 * in the aligned frame Tier 1 works in ({@link stockAlignment}), and which convex cylinders span it
 * (the largest diameter of a turned part). A machining feature removes material
 * from the stock, so its faces lie inside the envelope; a planar face on a side of the envelope that
 * faces out of it is the stock's skin (or, on a part with a protrusion, the protrusion's top — which no
 * machining-feature class fits either).
 *
 * @internal
 */
import type { Part } from '../../../model/index.js';
import { stockAlignment, type Rotation3 } from './align-part.js';

export { rotatedBox };
import { edgeParameterRange, evaluateCurve } from '../../../geometry/curve-eval.js';
import { rotatedBox } from '../../../geometry/points-box.js';
import { canonicalFeatureGeometry } from '../canonical-kinds.js';

/** Cosine of 1°: a face normal this close to a coordinate axis faces that axis. */
const COS_1DEG = Math.cos(Math.PI / 180);

/** Options of {@link envelopeFaces}. */
export interface EnvelopeOptions {
  /** Distance from the envelope side, as a share of the envelope diagonal. @defaultValue 1e-4 */
  relativeTolerance?: number;
  /** The aligned frame; computed with {@link stockAlignment} when omitted (null: the part's own axes). */
  rotation?: Rotation3 | null;
}

/**
 * 1 per face that is planar, faces a coordinate axis of the aligned frame (within 1°, outward normal)
 * and lies on the envelope side it faces (within `relativeTolerance` of the diagonal), or is a convex
 * cylinder whose axis lies along a coordinate axis and whose diameter touches both envelope sides
 * in a direction across it; else 0.
 * The envelope is the bounding box of the faces' exact boundaries ({@link envelopePoints}); the
 * tessellation is not read, so the answer is the same with and without a mesh.
 */
export function envelopeFaces(part: Readonly<Part>, options: EnvelopeOptions = {}): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  const r = options.rotation !== undefined ? options.rotation : (stockAlignment(part)?.rotation ?? null);
  const rot = (x: number, y: number, z: number, o: Float64Array): void => {
    if (!r) {
      o[0] = x;
      o[1] = y;
      o[2] = z;
      return;
    }
    o[0] = r[0] * x + r[1] * y + r[2] * z;
    o[1] = r[3] * x + r[4] * y + r[5] * z;
    o[2] = r[6] * x + r[7] * y + r[8] * z;
  };
  const p = new Float64Array(3);
  // The exact boundary (vertices, curve samples, the extremes of arcs along the aligned axes), never the
  // tessellation: Tier 1 must read the same envelope whether or not the analysis built a mesh.
  const { min, max } = rotatedBox(envelopePoints(part, r), r);
  if (!(max[0] >= min[0])) return out;
  const diag = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const tol = (options.relativeTolerance ?? 1e-4) * diag;
  const n = new Float64Array(3);
  const axis = new Float64Array(3);
  part.faces.forEach((f, i) => {
    const s = f.surface;
    if (s?.type === 'cylinder' && !f.reversed) {
      // A convex cylinder on an aligned axis whose diameter spans the envelope across that axis: the
      // bar of a turned part (its largest diameter), on which no cut can lie. (A convex round touches
      // one side only.)
      rot(s.frame.z[0], s.frame.z[1], s.frame.z[2], axis);
      const al = Math.hypot(axis[0], axis[1], axis[2]);
      const k = [0, 1, 2].find((d) => Math.abs(axis[d]) / al > COS_1DEG);
      if (k === undefined) return;
      rot(s.frame.origin[0], s.frame.origin[1], s.frame.origin[2], p);
      // One direction suffices: a flat (D-shaft) or a tooth gap may keep the other off the envelope.
      const spans = [0, 1, 2].some((d) => d !== k && Math.abs(p[d] - s.radius - min[d]) <= tol && Math.abs(p[d] + s.radius - max[d]) <= tol);
      if (spans) out[i] = 1;
      return;
    }
    if (s?.type !== 'plane') return;
    const z = s.frame.z;
    const sign = f.reversed ? -1 : 1;
    rot(sign * z[0], sign * z[1], sign * z[2], n);
    const len = Math.hypot(n[0], n[1], n[2]);
    if (!(len > 0)) return;
    // The plane's offset along its axis: its origin lies on it (the centroid too, but that needs a mesh).
    rot(s.frame.origin[0], s.frame.origin[1], s.frame.origin[2], p);
    for (let d = 0; d < 3; d++) {
      const c = n[d] / len;
      if (c > COS_1DEG && Math.abs(p[d] - max[d]) <= tol) out[i] = 1;
      else if (c < -COS_1DEG && Math.abs(p[d] - min[d]) <= tol) out[i] = 1;
    }
  });
  return out;
}

/**
 * Points whose box is the part's envelope in the frame `r` (world xyz…): every face's boundary points
 * (vertices and samples along curved edges), plus, for circular and elliptic edges, the exact points
 * where the arc reaches its extreme along each axis of the frame (samples alone can miss a cylinder's
 * extreme by up to 1 − cos(π/16) of its radius).
 * @internal
 */
export function envelopePoints(part: Readonly<Part>, r: Rotation3 | null): Float64Array {
  // The Part's shared measurer view: each edge's points computed once per Part (Tier 1's and Tier 2's
  // parameters and the composite-hole pass read the same ones); the same values as `partBoundaryPoints`.
  const boundary = canonicalFeatureGeometry(part).boundaryPoints(part.faces.map((f) => f.index));
  const extra: number[] = [];
  const q: [number, number, number] = [0, 0, 0];
  for (const e of part.edges) {
    const c = e.curve;
    if (c.type !== 'circle' && c.type !== 'ellipse') continue;
    const ps = part.vertices[e.start]?.point;
    const pe = part.vertices[e.end]?.point;
    if (!ps || !pe) continue;
    let t0: number, t1: number;
    try {
      [t0, t1] = edgeParameterRange(c, ps, pe, e.sameSense, e.start === e.end);
    } catch {
      continue;
    }
    if (!Number.isFinite(t0) || !Number.isFinite(t1)) continue;
    const a = c.type === 'circle' ? c.radius : c.semiAxis1;
    const b = c.type === 'circle' ? c.radius : c.semiAxis2;
    const { x, y } = c.frame;
    for (let d = 0; d < 3; d++) {
      // the frame's axis d as a world direction (row d of the rotation)
      const ad = r ? [r[3 * d], r[3 * d + 1], r[3 * d + 2]] : [d === 0 ? 1 : 0, d === 1 ? 1 : 0, d === 2 ? 1 : 0];
      const ax = ad[0] * x[0] + ad[1] * x[1] + ad[2] * x[2];
      const ay = ad[0] * y[0] + ad[1] * y[1] + ad[2] * y[2];
      if (Math.abs(ax) + Math.abs(ay) < 1e-12) continue;
      const tMax = Math.atan2(b * ay, a * ax);
      for (const t of [tMax, tMax + Math.PI]) {
        let u = t;
        while (u < t0) u += 2 * Math.PI;
        while (u - 2 * Math.PI >= t0) u -= 2 * Math.PI;
        if (u > t1) continue;
        evaluateCurve(c, u, q);
        if (Number.isFinite(q[0] + q[1] + q[2])) extra.push(q[0], q[1], q[2]);
      }
    }
  }
  if (extra.length === 0) return boundary;
  const out = new Float64Array(boundary.length + extra.length);
  out.set(boundary);
  out.set(extra, boundary.length);
  return out;
}
