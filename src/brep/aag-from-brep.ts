/**
 * The attributed adjacency graph from B-Rep edges, with the definitions of docs/aagnet-reference.md §2.4
 * and §2.7:
 * - edges are visited in explorer order (faces in order, each face's bounds in order, each bound's
 *   ORIENTED_EDGEs as written), first occurrence only;
 * - an edge whose distinct faces number 1 is a seam (no arc); more than 2 is non-manifold (recorded in
 *   `aag.nonManifoldEdges`, no arc);
 * - one arc per face pair (a < b); its convexity and dihedral angle come from the **last** edge in explorer
 *   order, its length is the sum of all shared edges, its position in `arcs` from the first;
 * - convexity from 10 samples uniform in the edge's curve parameter (endpoints included): outward normals
 *   n = ±natural normal (negated for reversed faces) at the analytic inverse (or Newton projection) of the
 *   sample; SMOOTH when mean(n_L·n_R) > cos 5°, else CONVEX iff Σ n_R·d_L < 0, where d_L = n_L × t_L points
 *   into face L (t_L = the coedge direction of the edge in L's loop; the face lies left of its coedge seen
 *   from outside). Samples where a normal is undefined (pole, apex) are skipped; no usable sample → `unknown`.
 * - dihedral angle = mean over samples of acos(n_L·n_R), in degrees (0 = tangent).
 */
import type { Aag, AagArc, Convexity, Part, PartFace, Vec2, Vec3 } from '../model/index.js';
import { SMOOTH_ANGLE_RAD } from '../model/index.js';
import { evaluateCurve } from '../geometry/curve-eval.js';
import { edgeRange } from './edge-ranges.js';
import { firstCoedgeForward } from './coedge-direction.js';
import { projectPointOnSurface } from '../geometry/surface-distance.js';
import { elementaryParameters, surfaceNormal } from '../geometry/surface-eval.js';

const SAMPLES = 10;
const COS_SMOOTH = Math.cos(SMOOTH_ANGLE_RAD);

/** Edge indices in explorer order (first occurrence). @internal */
export function edgesInExplorerOrder(part: Pick<Part, 'faces' | 'edges'>): number[] {
  const seen = new Uint8Array(part.edges.length);
  const out: number[] = [];
  for (const face of part.faces) {
    for (const bound of face.bounds) {
      const n = bound.coedges.length;
      for (let k = 0; k < n; k++) {
        // coedges are stored in traversal order; a reversed traversal (bound .F. XOR an inside-out
        // ORIENTED_FACE, i.e. face.reversed !== !face.sameSense) was reversed, so undo that
        const flipped = !bound.orientation !== (face.reversed !== !face.sameSense);
        const c = flipped ? bound.coedges[n - 1 - k] : bound.coedges[k];
        if (seen[c.edge]) continue;
        seen[c.edge] = 1;
        out.push(c.edge);
      }
    }
  }
  return out;
}

/**
 * Builds the AAG of a STEP-derived Part from its B-Rep edges.
 *
 * @example
 * ```ts
 * const part = buildPartFromStep(readStep(text));
 * part.aag.arcs.filter((a) => a.convexity === 'concave');
 * ```
 */
export function buildAagFromBrep(part: Pick<Part, 'faces' | 'edges' | 'vertices'>): Aag {
  const arcs: AagArc[] = [];
  const neighbours: number[][] = part.faces.map(() => []);
  const arcByPair = new Map<number, number>();
  const nonManifoldEdges: number[] = [];
  const nFaces = part.faces.length;
  for (const ei of edgesInExplorerOrder(part)) {
    const edge = part.edges[ei];
    const distinct: number[] = [];
    for (const f of edge.faces) if (!distinct.includes(f)) distinct.push(f);
    if (distinct.length < 2) continue;
    if (distinct.length > 2) {
      nonManifoldEdges.push(ei);
      continue;
    }
    const a = Math.min(distinct[0], distinct[1]);
    const b = Math.max(distinct[0], distinct[1]);
    const { convexity, dihedralDeg } = edgeConvexity(part, ei, a, b);
    const key = a * nFaces + b;
    const existing = arcByPair.get(key);
    if (existing === undefined) {
      arcByPair.set(key, arcs.length);
      neighbours[a].push(arcs.length);
      neighbours[b].push(arcs.length);
      arcs.push({ a, b, convexity, dihedralDeg, lengthMm: edge.lengthMm, edges: [ei] });
    } else {
      const arc = arcs[existing];
      arc.convexity = convexity;
      arc.dihedralDeg = dihedralDeg;
      arc.lengthMm += edge.lengthMm;
      arc.edges.push(ei);
    }
  }
  return { faceCount: nFaces, arcs, neighbours, nonManifoldEdges };
}

const P: Vec3 = [0, 0, 0];
const D: Vec3 = [0, 0, 0];
const nL: Vec3 = [0, 0, 0];
const nR: Vec3 = [0, 0, 0];
const uv: Vec2 = [0, 0];

/** Direction sign of the coedge of `edge` in `face` relative to the curve: +1, -1, or 0 when not found. */
function coedgeSign(face: PartFace, edge: number, sameSense: boolean): number {
  const forward = firstCoedgeForward(face, edge);
  return forward === undefined ? 0 : (forward ? 1 : -1) * (sameSense ? 1 : -1);
}

function outwardNormal(face: PartFace, p: Vec3, out: Vec3, hint: Vec2 | null): boolean {
  const s = face.surface;
  if (!s || s.type === 'other') return false;
  let u: number, v: number;
  if (elementaryParameters(s, p, uv)) {
    u = uv[0];
    v = uv[1];
  } else {
    const proj = projectPointOnSurface(s, p, hint ?? undefined);
    if (!proj) return false;
    u = proj.u;
    v = proj.v;
    if (hint) {
      hint[0] = u;
      hint[1] = v;
    }
  }
  surfaceNormal(s, u, v, out);
  if (out[0] === 0 && out[1] === 0 && out[2] === 0) return false;
  if (!Number.isFinite(out[0])) return false;
  if (face.reversed) {
    out[0] = -out[0];
    out[1] = -out[1];
    out[2] = -out[2];
  }
  return true;
}

/** Convexity and dihedral angle of edge `ei` between faces a (= L) and b (= R). @internal */
export function edgeConvexity(part: Pick<Part, 'faces' | 'edges' | 'vertices'>, ei: number, a: number, b: number): { convexity: Convexity; dihedralDeg: number } {
  const edge = part.edges[ei];
  const L = part.faces[a];
  const R = part.faces[b];
  const unknown = { convexity: 'unknown' as Convexity, dihedralDeg: 0 };
  if (edge.curve.type === 'other') return unknown;
  const sign = coedgeSign(L, ei, edge.sameSense);
  if (sign === 0) return unknown;
  const [t0, t1] = edgeRange(part, edge);
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) return unknown;
  let dotSum = 0;
  let angSum = 0;
  let side = 0;
  let n = 0;
  const hintL: Vec2 | null = L.surface && L.surface.type !== 'other' && !('frame' in L.surface) ? [NaN, NaN] : null;
  const hintR: Vec2 | null = R.surface && R.surface.type !== 'other' && !('frame' in R.surface) ? [NaN, NaN] : null;
  for (let i = 0; i < SAMPLES; i++) {
    const t = t0 + ((t1 - t0) * i) / (SAMPLES - 1);
    evaluateCurve(edge.curve, t, P, D);
    if (!Number.isFinite(P[0])) continue;
    if (!outwardNormal(L, P, nL, hintL && Number.isFinite(hintL[0]) ? hintL : null)) continue;
    if (!outwardNormal(R, P, nR, hintR && Number.isFinite(hintR[0]) ? hintR : null)) continue;
    const dl = Math.hypot(D[0], D[1], D[2]);
    if (!(dl > 0)) continue;
    const tx = (sign * D[0]) / dl, ty = (sign * D[1]) / dl, tz = (sign * D[2]) / dl;
    // d_L = n_L × t_L
    const dx = nL[1] * tz - nL[2] * ty;
    const dy = nL[2] * tx - nL[0] * tz;
    const dz = nL[0] * ty - nL[1] * tx;
    const dot = Math.max(-1, Math.min(1, nL[0] * nR[0] + nL[1] * nR[1] + nL[2] * nR[2]));
    dotSum += dot;
    angSum += Math.acos(dot);
    side += nR[0] * dx + nR[1] * dy + nR[2] * dz;
    n++;
  }
  if (n === 0) return unknown;
  const dihedralDeg = ((angSum / n) * 180) / Math.PI;
  if (dotSum / n > COS_SMOOTH) return { convexity: 'smooth', dihedralDeg };
  return { convexity: side < 0 ? 'convex' : 'concave', dihedralDeg };
}
