/**
 * Graph edges of the gAAG (reference §2.4) and their 12 attributes (§2.7).
 *
 * - B-Rep edges are visited in OpenCascade explorer order: faces in node order, each face's bounds and
 *   each bound's edges as written in the file (the Part lists a `.F.` bound's coedges reversed; this
 *   undoes that), first occurrence only.
 * - Two distinct adjacent faces give one graph edge each way; one (a seam) gives none; more than two
 *   is non-manifold (reported, no edge).
 * - A face pair joined by several B-Rep edges keeps the position of the first and the attributes of
 *   the last (networkx `add_edge` overwrites). Edge list order is networkx's: by source node
 *   ascending, then by first insertion of the pair.
 * - Convexity at 10 samples uniform in the 3-D curve parameter: smooth when the mean of n_L·n_R
 *   exceeds cos 5°, otherwise convex ⇔ Σ n_R·(n_L × t_L) < 0 (t_L = direction of face L's coedge; the
 *   face lies to the left of its coedge seen from outside).
 *
 * @internal
 */
import type { Part, PartEdge, PartFace, Surface, Vec2, Vec3 } from '../../model/index.js';
import { evaluateCurve } from '../../geometry/curve-eval.js';
import { elementaryParameters, evaluateSurface, surfaceDerivatives, surfaceNormal } from '../../geometry/surface-eval.js';
import { firstCoedgeForward } from '../../brep/coedge-direction.js';
import { projectPointOnSurface } from '../../geometry/surface-distance.js';
import { evaluateCurve2d } from '../../geometry/curve-eval.js';
import { untrimmedCurve } from '../../geometry/canonical-curve.js';

const COS_5_DEG = Math.cos((5 * Math.PI) / 180);

/** The directed graph in networkx order, and for each undirected pair its winning B-Rep edge. */
export interface GaagGraph {
  /** Directed edges: src[k] → dst[k] (node indices), k = 0..E-1. */
  src: Int32Array;
  dst: Int32Array;
  /** Undirected pair id of each directed edge. */
  pairOf: Int32Array;
  /** Winning (last in explorer order) B-Rep edge of each pair, and node a (its lower index). */
  pairEdge: Int32Array;
  pairA: Int32Array;
  pairB: Int32Array;
  /** B-Rep edges touching more than two distinct faces. */
  nonManifoldEdges: number[];
}

/** Part-edge visiting order of OpenCascade's explorer over the given faces (first occurrences). */
export function explorerEdgeOrder(part: Part, faceOrder: readonly number[]): number[] {
  const seen = new Uint8Array(part.edges.length);
  const out: number[] = [];
  for (const fi of faceOrder) {
    const f = part.faces[fi];
    const flip = f.reversed !== !f.sameSense; // enclosing ORIENTED_FACE/shell with .F.
    for (const b of f.bounds) {
      const n = b.coedges.length;
      const written = b.orientation === flip; // Part reversed this bound's list
      for (let k = 0; k < n; k++) {
        const ce = b.coedges[written ? n - 1 - k : k];
        if (seen[ce.edge]) continue;
        seen[ce.edge] = 1;
        out.push(ce.edge);
      }
    }
  }
  return out;
}

/** Builds the gAAG graph over the nodes (`nodeOf[partFace]` = node index or -1). */
export function buildGaagGraph(part: Part, faceOrder: readonly number[], nodeOf: Int32Array): GaagGraph {
  const n = faceOrder.length;
  const pairIndex = new Map<number, number>();
  const pairEdge: number[] = [];
  const pairA: number[] = [];
  const pairB: number[] = [];
  const nbr: number[][] = Array.from({ length: n }, () => []);
  const nonManifold: number[] = [];
  const distinct: number[] = [];
  for (const ei of explorerEdgeOrder(part, faceOrder)) {
    const e = part.edges[ei];
    distinct.length = 0;
    for (const pf of e.faces) {
      const node = nodeOf[pf];
      if (node >= 0 && !distinct.includes(node)) distinct.push(node);
    }
    if (distinct.length < 2) continue;
    if (distinct.length > 2) {
      nonManifold.push(ei);
      continue;
    }
    const a = Math.min(distinct[0], distinct[1]);
    const b = Math.max(distinct[0], distinct[1]);
    const key = a * n + b;
    const known = pairIndex.get(key);
    if (known === undefined) {
      pairIndex.set(key, pairEdge.length);
      nbr[a].push(pairEdge.length);
      nbr[b].push(pairEdge.length);
      pairEdge.push(ei);
      pairA.push(a);
      pairB.push(b);
    } else pairEdge[known] = ei;
  }
  const E = pairEdge.length * 2;
  const src = new Int32Array(E);
  const dst = new Int32Array(E);
  const pairOf = new Int32Array(E);
  let k = 0;
  for (let v = 0; v < n; v++) {
    for (const p of nbr[v]) {
      src[k] = v;
      dst[k] = pairA[p] === v ? pairB[p] : pairA[p];
      pairOf[k] = p;
      k++;
    }
  }
  return { src, dst, pairOf, pairEdge: Int32Array.from(pairEdge), pairA: Int32Array.from(pairA), pairB: Int32Array.from(pairB), nonManifoldEdges: nonManifold };
}

const c3: Vec3 = [0, 0, 0];
const d3: Vec3 = [0, 0, 0];
const s3: Vec3 = [0, 0, 0];
const na: Vec3 = [0, 0, 0];
const du3: Vec3 = [0, 0, 0];
const dv3: Vec3 = [0, 0, 0];
const nb: Vec3 = [0, 0, 0];
const uv: Vec2 = [0, 0];

/** A pcurve of `edge` that lies on `s` with the edge's own parameterisation, or null. */
function sameParameterPcurve(edge: PartEdge, s: Surface, t0: number, t1: number, tolMm: number) {
  for (const pc of edge.pcurves) {
    if (pc.curve.type === 'other') continue;
    let ok = true;
    for (let k = 0; k <= 2 && ok; k++) {
      const t = t0 + ((t1 - t0) * k) / 2;
      evaluateCurve2d(pc.curve, t, uv);
      evaluateSurface(s, uv[0], uv[1], s3);
      evaluateCurve(edge.curve, t, c3);
      ok = Math.hypot(s3[0] - c3[0], s3[1] - c3[1], s3[2] - c3[2]) <= tolMm;
    }
    if (ok) return pc.curve;
  }
  return null;
}

/** Previous sample's uv on each side of the edge (warm start of the projection), valid when `warm`. */
interface WarmStart {
  uv: Vec2;
  warm: boolean;
}
const warmA: WarmStart = { uv: [0, 0], warm: false };
const warmB: WarmStart = { uv: [0, 0], warm: false };

/**
 * Outward normal of the face at the edge point of parameter t. Without a pcurve or closed-form inverse
 * the point is projected by Newton, warm-started from the previous sample of the same edge (samples
 * are close); the warm result is kept only when it lies on the surface within `tolMm`, otherwise the
 * seeded multi-start search decides, as it did for every sample before (also where the warm point is
 * degenerate, |S_u| or |S_v| ≈ 0: at a pole any u fits, and the search's choice is kept).
 */
function outwardNormalAt(face: PartFace, pcurve: ReturnType<typeof sameParameterPcurve>, t: number, p: Vec3, tolMm: number, warm: WarmStart, out: Vec3): Vec3 {
  const s = face.surface as Surface;
  if (pcurve) evaluateCurve2d(pcurve, t, uv);
  else if (!elementaryParameters(s, p, uv)) {
    let pr = warm.warm ? projectPointOnSurface(s, p, warm.uv) : null;
    if (pr && pr.distance <= tolMm) {
      // at a pole/degenerate boundary many uv give the point (and the normal there is noise): keep
      // the search's choice there
      surfaceDerivatives(s, pr.u, pr.v, s3, du3, dv3);
      const lu = Math.hypot(du3[0], du3[1], du3[2]);
      const lv = Math.hypot(dv3[0], dv3[1], dv3[2]);
      if (!(lu > 1e-7 * lv && lv > 1e-7 * lu)) pr = null;
    } else pr = null;
    if (!pr) pr = projectPointOnSurface(s, p);
    if (!pr) {
      warm.warm = false;
      out[0] = out[1] = out[2] = 0;
      return out;
    }
    uv[0] = warm.uv[0] = pr.u;
    uv[1] = warm.uv[1] = pr.v;
    warm.warm = true;
  }
  surfaceNormal(s, uv[0], uv[1], out);
  if (s.type === 'sphere' && out[0] === 0 && out[1] === 0 && out[2] === 0) {
    // At a pole ∂S/∂u vanishes and the first-order normal is undefined; OpenCascade's convexity
    // (GeomLProp with higher derivatives) takes the limit, which for a sphere is the radial direction.
    // An edge through a sphere's poles (a cylinder capped by a sphere whose axis is not the cylinder's)
    // otherwise reads as sharp at two of its ten samples.
    const o = s.frame.origin;
    const rx = p[0] - o[0], ry = p[1] - o[1], rz = p[2] - o[2];
    const r = Math.hypot(rx, ry, rz);
    if (r > 0) {
      out[0] = rx / r;
      out[1] = ry / r;
      out[2] = rz / r;
    }
  }
  if (face.reversed) {
    out[0] = -out[0];
    out[1] = -out[1];
    out[2] = -out[2];
  }
  return out;
}

/** Coedge direction sign of `face` on `edge` relative to the curve parameter (+1 along), or 0. */
function coedgeSign(face: PartFace, edge: PartEdge): number {
  const forward = firstCoedgeForward(face, edge.index);
  return forward === undefined ? 0 : (forward ? 1 : -1) * (edge.sameSense ? 1 : -1);
}

/** Convexity one-hot [concave, convex, smooth] of the edge between faces fa and fb; all 0 if undefined. */
export function edgeConvexity(part: Part, edge: PartEdge, fa: PartFace, fb: PartFace, t0: number, t1: number, tolMm: number, out: Float32Array, offset: number): void {
  out[offset] = out[offset + 1] = out[offset + 2] = 0;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || !fa.surface || !fb.surface || t1 === t0) return;
  const sgn = coedgeSign(fa, edge);
  if (sgn === 0) return;
  const pa = sameParameterPcurve(edge, fa.surface, t0, t1, tolMm);
  const pb = sameParameterPcurve(edge, fb.surface, t0, t1, tolMm);
  let dots = 0;
  let votes = 0;
  warmA.warm = warmB.warm = false;
  for (let k = 0; k < 10; k++) {
    const t = t0 + ((t1 - t0) * k) / 9;
    evaluateCurve(edge.curve, t, c3, d3);
    const dl = Math.hypot(d3[0], d3[1], d3[2]);
    if (!(dl > 0)) continue;
    const tx = (sgn * d3[0]) / dl, ty = (sgn * d3[1]) / dl, tz = (sgn * d3[2]) / dl;
    outwardNormalAt(fa, pa, t, c3, tolMm, warmA, na);
    outwardNormalAt(fb, pb, t, c3, tolMm, warmB, nb);
    dots += na[0] * nb[0] + na[1] * nb[1] + na[2] * nb[2];
    // d_a = n_a × t_a points into face a
    const dx = na[1] * tz - na[2] * ty;
    const dy = na[2] * tx - na[0] * tz;
    const dz = na[0] * ty - na[1] * tx;
    votes += nb[0] * dx + nb[1] * dy + nb[2] * dz;
  }
  if (!Number.isFinite(dots) || !Number.isFinite(votes)) return;
  if (dots / 10 > COS_5_DEG) out[offset + 2] = 1;
  else if (votes < 0) out[offset + 1] = 1;
  else out[offset] = 1;
}

/**
 * Writes the 12 raw attributes of B-Rep edge `edge` (between faces fa, fb) at `out[offset..]`. `kind`, when given,
 * is the analytic kind a free-form curve was recognized as (extractGaag's `edgeKind`): its flag is set, the
 * B-spline flags are not.
 */
export function writeEdgeAttributes(part: Part, edge: PartEdge, fa: PartFace, fb: PartFace, t0: number, t1: number, scale: number, tolMm: number, out: Float32Array, offset: number, kind?: 'line' | 'circle' | 'ellipse' | null): void {
  edgeConvexity(part, edge, fa, fb, t0, t1, tolMm, out, offset);
  out[offset + 3] = edge.lengthMm * scale;
  const c = untrimmedCurve(edge.curve);
  const type = kind ?? c.type;
  const nr = !kind && ((c.type === 'bspline' && !c.rational) || c.type === 'polyline') ? 1 : 0;
  const r = !kind && c.type === 'bspline' && c.rational ? 1 : 0;
  out[offset + 4] = type === 'circle' ? 1 : 0;
  out[offset + 5] = edge.start === edge.end ? 1 : 0;
  out[offset + 6] = type === 'ellipse' ? 1 : 0;
  out[offset + 7] = nr;
  out[offset + 8] = r;
  out[offset + 9] = type === 'line' ? 1 : 0;
  out[offset + 10] = nr;
  out[offset + 11] = r;
}
