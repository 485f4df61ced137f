/**
 * A face's trimming loops in its surface's (u, v) space, and its uv box with OpenCascade's
 * `BRepTools::UVBounds` rules (reference §2.6.1).
 *
 * Each coedge becomes one piece of a loop:
 * - the file's PCURVE on this face's surface when there is one (chosen among the edge's pcurves by
 *   checking S(pcurve(t)) against the 3-D curve; for a seam, the one that continues the loop), with
 *   the edge's 3-D parameter range (OpenCascade writes same-parameter pcurves; when the check fails the
 *   range is found by locating the vertices on the pcurve);
 * - otherwise the 3-D curve sampled and inverted onto the surface (analytic inverse, Newton for
 *   B-splines), unwrapped continuously in periodic directions.
 * Gaps between consecutive pieces (degenerate edges at poles and apexes, which STEP does not write)
 * are closed with straight uv segments, as OpenCascade's degenerated-edge pcurves do.
 *
 * @internal
 */
import type { Curve, Part, PartEdge, PartFace, Surface, Vec2, Vec3 } from '../../model/index.js';
import { curvePeriod, edgeParameterRange, evaluateCurve } from '../../geometry/curve-eval.js';
import { elementaryParameters, evaluateSurface, surfaceDomain } from '../../geometry/surface-eval.js';
import { projectPointOnSurface } from '../../geometry/surface-distance.js';
import { addCurve2dBox, curve2dDomain } from './curve2d.js';
import { bsplineSurfacePeriods } from '../../geometry/bspline.js';
import { settleEndsOnPoles, startOffPole } from './pole-ends.js';
import { evaluateCurve2d } from '../../geometry/curve-eval.js';
import type { Curve2d } from '../../model/index.js';

const TWO_PI = 2 * Math.PI;

/** One piece of a uv loop: a pcurve range, or a uv polyline (sampled fallback or gap segment). */
export interface UvPiece {
  kind: 'pcurve' | 'poly';
  curve: Curve2d | null;
  /** Traversal parameters (pcurve pieces): from `ta` to `tb` (may decrease). */
  ta: number;
  tb: number;
  /** Shift added to the pcurve's u (a multiple of the u period). */
  du: number;
  /** Flattened uv points (poly pieces). */
  poly: number[];
  /** Edge index, or -1 for a gap segment. */
  edge: number;
}

/** A face's uv boundary. */
export interface FaceUvBoundary {
  loops: UvPiece[][];
  /** [umin, umax, vmin, vmax]. */
  box: Float64Array;
  /** u and v periods of the surface (0 when not periodic). */
  periodU: number;
  periodV: number;
  /** Whether every coedge used a pcurve. */
  allPcurves: boolean;
  /** Loops that only close modulo a period (a full ring without seam edge): handled by the caller. */
  wrapLoops: number;
  /** Coedges whose uv could not be computed. */
  failed: number;
}

/**
 * Per-edge 3-D parameter ranges `[t0, t1]` (t0 ↔ start vertex when `sameSense`), computed once per part's
 * edges and vertices: the measure step, the gAAG extraction and recognition's passes ask for the same part's
 * ranges (each on its own copy of the Part, all sharing these arrays). Callers only read the array.
 */
export function computeEdgeRanges(part: Part): Float64Array {
  const known = edgeRangesMemo.get(part.edges);
  if (known && known.vertices === part.vertices && known.ranges.length === part.edges.length * 2) return known.ranges;
  const ranges = edgeRangesOf(part);
  edgeRangesMemo.set(part.edges, { vertices: part.vertices, ranges });
  return ranges;
}

const edgeRangesMemo = new WeakMap<Part['edges'], { vertices: Part['vertices']; ranges: Float64Array }>();

function edgeRangesOf(part: Part): Float64Array {
  const out = new Float64Array(part.edges.length * 2);
  for (const e of part.edges) {
    const ps = part.vertices[e.start].point;
    const pe = part.vertices[e.end].point;
    let r: [number, number] = [NaN, NaN];
    if (e.curve.type !== 'other') r = edgeParameterRange(e.curve, ps, pe, e.sameSense, e.start === e.end);
    out[e.index * 2] = r[0];
    out[e.index * 2 + 1] = r[1];
  }
  return out;
}

/** u/v periods of a surface (OCCT: cylinder, cone, sphere u; torus u and v; a closed B-spline's closed directions). */
export function surfacePeriods(s: Surface): [number, number] {
  switch (s.type) {
    case 'cylinder':
    case 'cone':
    case 'sphere':
    case 'revolution':
      return [TWO_PI, 0];
    case 'torus':
      return [TWO_PI, TWO_PI];
    case 'bspline':
      return bsplineSurfacePeriods(s);
    default:
      return [0, 0];
  }
}

const s3a: Vec3 = [0, 0, 0];
const s3b: Vec3 = [0, 0, 0];
const s2a: Vec2 = [0, 0];
const s2b: Vec2 = [0, 0];

/** Largest distance between S(pc(t)) and C(t) at the two ends and the middle of [ta, tb]. */
function pcurveMismatch(s: Surface, curve: Curve, pc: Curve2d, ta: number, tb: number): number {
  let worst = 0;
  for (let k = 0; k <= 2; k++) {
    const t = ta + ((tb - ta) * k) / 2;
    evaluateCurve2d(pc, t, s2a);
    evaluateSurface(s, s2a[0], s2a[1], s3a);
    evaluateCurve(curve, t, s3b);
    const d = Math.hypot(s3a[0] - s3b[0], s3a[1] - s3b[1], s3a[2] - s3b[2]);
    if (!(d <= worst)) worst = d; // NaN propagates as "bad"
    if (Number.isNaN(d)) return Infinity;
  }
  return worst;
}

/** Parameter on the pcurve whose surface image is nearest to `p` (sampling + golden refinement). */
function locateOnPcurve(s: Surface, pc: Curve2d, p: Vec3, hintA: number, hintB: number): number {
  let [d0, d1] = curve2dDomain(pc);
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) {
    const span = Math.max(1, Math.abs(hintB - hintA));
    d0 = Math.min(hintA, hintB) - 4 * span - TWO_PI;
    d1 = Math.max(hintA, hintB) + 4 * span + TWO_PI;
  }
  const dist = (t: number): number => {
    evaluateCurve2d(pc, t, s2b);
    evaluateSurface(s, s2b[0], s2b[1], s3a);
    return Math.hypot(s3a[0] - p[0], s3a[1] - p[1], s3a[2] - p[2]);
  };
  const n = 64;
  let best = d0;
  let bestD = Infinity;
  for (let i = 0; i <= n; i++) {
    const t = d0 + ((d1 - d0) * i) / n;
    const d = dist(t);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  let a = Math.max(d0, best - (d1 - d0) / n);
  let b = Math.min(d1, best + (d1 - d0) / n);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 50; it++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (dist(c) < dist(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

function distanceOnPcurve(s: Surface, pc: Curve2d, t: number, p: Vec3): number {
  evaluateCurve2d(pc, t, s2b);
  evaluateSurface(s, s2b[0], s2b[1], s3a);
  return Math.hypot(s3a[0] - p[0], s3a[1] - p[1], s3a[2] - p[2]);
}

const hintOffPole: Vec2 = [0, 0];

/**
 * uv of a 3-D point on the surface (analytic inverse, or Newton from the hint). `hintAtVertex`: the hint
 * is a vertex's uv (the previous piece's end or this piece's start), which may lie on a pole: Newton
 * then starts off it (the samples between inherit their hints from samples along the edge).
 */
function invert(s: Surface, p: Vec3, hint: Vec2 | null, out: Vec2, hintAtVertex: boolean): boolean {
  if (elementaryParameters(s, p, out)) return true;
  const pr = projectPointOnSurface(s, p, hint ? (hintAtVertex ? startOffPole(s, p, hint, hintOffPole) : hint) : undefined);
  if (!pr || !Number.isFinite(pr.u) || !Number.isFinite(pr.v)) return false;
  out[0] = pr.u;
  out[1] = pr.v;
  return true;
}

function wrapNear(x: number, ref: number, period: number): number {
  if (period <= 0) return x;
  return x + period * Math.round((ref - x) / period);
}

/** Start/end uv of a piece (after its shift). */
export function pieceEnd(pc: UvPiece, atEnd: boolean, out: Vec2): Vec2 {
  if (pc.kind === 'pcurve' && pc.curve) {
    evaluateCurve2d(pc.curve, atEnd ? pc.tb : pc.ta, out);
    out[0] += pc.du;
  } else {
    const k = atEnd ? pc.poly.length - 2 : 0;
    out[0] = pc.poly[k];
    out[1] = pc.poly[k + 1];
  }
  return out;
}

interface Candidate {
  curve: Curve2d;
  ta: number;
  tb: number;
}

const endA: Vec2 = [0, 0];
const endB: Vec2 = [0, 0];

/**
 * `d ≤ tolMm`, recording in `tolRange` = [lo, hi) the tolerances that give every comparison made so far
 * the same outcome (the only use of the tolerance, so a boundary built once holds for any tolerance in
 * that range: {@link memoFaceUvBoundary}'s validity test).
 */
function withinTol(d: number, tolMm: number, tolRange: Float64Array | undefined): boolean {
  const ok = d <= tolMm;
  if (tolRange && !Number.isNaN(d)) {
    if (ok) {
      if (d > tolRange[0]) tolRange[0] = d;
    } else if (d < tolRange[1]) tolRange[1] = d;
  }
  return ok;
}

/**
 * Builds the uv loops and box of a face. `edgeRanges` from {@link computeEdgeRanges}; `tolMm` is the
 * distance under which a pcurve counts as lying on this face's surface. `tolRange`, when given, is
 * narrowed to the tolerances that would build the same boundary ([lo, hi): start it at [0, ∞)).
 */
export function buildFaceUvBoundary(part: Part, face: PartFace, edgeRanges: Float64Array, tolMm: number, tolRange?: Float64Array): FaceUvBoundary {
  const s = face.surface as Surface;
  const [periodU, periodV] = surfacePeriods(s);
  const loops: UvPiece[][] = [];
  let allPcurves = true;
  let failed = 0;
  let wrapLoops = 0;
  const rings: UvPiece[][] = [];
  let seamU = 0;
  const uvPrev: Vec2 = [0, 0];
  for (const bound of face.bounds) {
    if (bound.coedges.length === 0) continue;
    const cands: Candidate[][] = [];
    for (const ce of bound.coedges) {
      const e = part.edges[ce.edge];
      const t0 = edgeRanges[e.index * 2];
      const t1 = edgeRanges[e.index * 2 + 1];
      const along = ce.forward === e.sameSense;
      const ta = along ? t0 : t1;
      const tb = along ? t1 : t0;
      const list: Candidate[] = [];
      if (Number.isFinite(ta)) {
        for (const pcu of e.pcurves) {
          if (pcu.curve.type !== 'other' && withinTol(pcurveMismatch(s, e.curve, pcu.curve, ta, tb), tolMm, tolRange)) list.push({ curve: pcu.curve, ta, tb });
        }
      }
      if (list.length === 0) {
        for (const pcu of e.pcurves) {
          // not same-parameter: locate the coedge's vertices on the pcurve
          if (pcu.curve.type === 'other') continue;
          const vs = part.vertices[ce.forward ? e.start : e.end].point;
          const ve = part.vertices[ce.forward ? e.end : e.start].point;
          const la = locateOnPcurve(s, pcu.curve, vs, ta, tb);
          if (!withinTol(distanceOnPcurve(s, pcu.curve, la, vs), tolMm, tolRange)) continue;
          let lb = locateOnPcurve(s, pcu.curve, ve, ta, tb);
          if (e.start === e.end && (pcu.curve.type === 'circle' || pcu.curve.type === 'ellipse')) lb = la + (along ? TWO_PI : -TWO_PI);
          if (!withinTol(distanceOnPcurve(s, pcu.curve, lb, ve), tolMm, tolRange)) continue;
          if (Number.isFinite(ta)) {
            // the middle of the pcurve must be on the 3-D curve too
            evaluateCurve2d(pcu.curve, (la + lb) / 2, s2a);
            evaluateSurface(s, s2a[0], s2a[1], s3a);
            evaluateCurve(e.curve, (ta + tb) / 2, s3b);
            const d = Math.hypot(s3a[0] - s3b[0], s3a[1] - s3b[1], s3a[2] - s3b[2]);
            // d ≤ max(tolMm, 1e-3·length), with the tolerance recorded only where it decides
            const lengthTol = 1e-3 * e.lengthMm;
            if (Number.isNaN(lengthTol) || Number.isNaN(tolMm)) {
              if (!(d <= Math.max(tolMm, lengthTol))) continue;
            } else if (!(d <= lengthTol) && !withinTol(d, tolMm, tolRange)) continue;
          }
          list.push({ curve: pcu.curve, ta: la, tb: lb });
        }
      }
      cands.push(list);
    }
    // start from a coedge with one candidate, else from one that is no seam (an edge the loop runs along once), so
    // that seams can be chosen by continuity
    const n = bound.coedges.length;
    const uses = new Map<number, number>();
    for (const ce of bound.coedges) uses.set(ce.edge, (uses.get(ce.edge) ?? 0) + 1);
    let first = cands.findIndex((c) => c.length === 1);
    if (first < 0) first = bound.coedges.findIndex((ce) => uses.get(ce.edge) === 1);
    if (first < 0) first = 0;
    const pieces: UvPiece[] = new Array(n);
    // a seam's first side, per edge: its other side takes the other pcurve, a period away with the same shift
    const seamSide = new Map<number, { curve: Curve2d; du: number; coedge: number }>();
    let havePrev = false;
    for (let k = 0; k < n; k++) {
      const i = (first + k) % n;
      const ce = bound.coedges[i];
      const e = part.edges[ce.edge];
      const list = cands[i];
      let piece: UvPiece | null = null;
      const side = seamSide.get(e.index);
      const otherSide = side ? list.find((c) => c.curve !== side.curve && !samePcurve(c.curve, side.curve)) : undefined;
      if (side && otherSide) {
        // The two sides of a seam are a period apart. Continuity alone cannot tell them apart where the loop comes
        // back through a pole (a ball's seam runs from its pole to the rim and back): both would sit on one side.
        piece = { kind: 'pcurve', curve: otherSide.curve, ta: otherSide.ta, tb: otherSide.tb, du: side.du, poly: [], edge: e.index };
        if (periodU > 0) placeSeamSide(s, pieces, piece, side.coedge, havePrev ? uvPrev : null, pieces[(i + 1) % n] ?? null, periodU);
      } else if (list.length > 0) {
        let best = list[0];
        let bestDu = 0;
        if (havePrev) {
          let bestD = Infinity;
          for (const c of list) {
            evaluateCurve2d(c.curve, c.ta, s2a);
            const du = periodU > 0 ? wrapNear(s2a[0], uvPrev[0], periodU) - s2a[0] : 0;
            const d = Math.hypot(s2a[0] + du - uvPrev[0], s2a[1] - uvPrev[1]);
            // prefer an exact continuation without shift
            const dNoShift = Math.hypot(s2a[0] - uvPrev[0], s2a[1] - uvPrev[1]);
            if (dNoShift <= d + 1e-9) {
              if (dNoShift < bestD) {
                bestD = dNoShift;
                best = c;
                bestDu = 0;
              }
            } else if (d < bestD) {
              bestD = d;
              best = c;
              bestDu = du;
            }
          }
        }
        piece = { kind: 'pcurve', curve: best.curve, ta: best.ta, tb: best.tb, du: bestDu, poly: [], edge: e.index };
        if (uses.get(e.index) === 2 && list.length > 1) seamSide.set(e.index, { curve: best.curve, du: bestDu, coedge: i });
      } else if ((piece = planeExactPiece(s, e, ce.forward, edgeRanges))) {
        allPcurves = false;
      } else {
        allPcurves = false;
        piece = sampledPiece(part, face, e, ce.forward, edgeRanges, havePrev ? uvPrev : null, periodU, periodV, tolMm, tolRange);
        if (!piece) {
          failed++;
          continue;
        }
      }
      pieces[i] = piece;
      pieceEnd(piece, true, uvPrev);
      havePrev = true;
    }
    const ordered = pieces.filter((p) => p !== undefined);
    if (ordered.length === 0) continue;
    // close gaps between consecutive pieces (degenerate edges)
    const loop: UvPiece[] = [];
    const uvScale = boxSpanOfPieces(ordered);
    const seamed = [...uses.values()].some((k) => k === 2);
    // (a sphere's or a cone's ring closes to its pole below, where OpenCascade puts the seam; a B-spline's cannot)
    if (periodU > 0 && !seamed && !hasRingPole(s)) closeThroughPole(s, ordered, periodU, uvScale);
    let ring = false;
    for (let k = 0; k < ordered.length; k++) {
      const p = ordered[k];
      loop.push(p);
      const q = ordered[(k + 1) % ordered.length];
      pieceEnd(p, true, endA);
      pieceEnd(q, false, endB);
      const gu = endB[0] - endA[0];
      const gv = endB[1] - endA[1];
      if (Math.hypot(gu, gv) > 1e-7 * uvScale) {
        // (not a loop that runs a seam edge both ways and closes at a pole, one 3-D point: a seam from a rim to the
        // pole and back whose sides lie a period apart, a B-spline dome's; a closed edge through a pole is a ring)
        if (k === ordered.length - 1 && periodU > 0 && Math.abs(Math.abs(gu) - periodU) < 1e-6 && Math.abs(gv) < 1e-7 * uvScale && !(seamed && jointCost(s, endA, endB) === 0)) {
          ring = true;
          break;
        }
        loop.push({ kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly: [endA[0], endA[1], endB[0], endB[1]], edge: -1 });
      }
    }
    if (ring) rings.push(loop);
    else loops.push(loop);
  }
  if (loops.length === 0 && rings.length === 0 && face.bounds.every((b) => b.coedges.length === 0)) {
    // Only vertex loops (a whole sphere whose VERTEX_LOOP sits at a pole): the face is the whole
    // surface, as OpenCascade's natural bounds make it. Unbounded surfaces (a plane) stay without loops.
    const d = surfaceDomain(s);
    if (Number.isFinite(d[0] + d[1] + d[2] + d[3])) loops.push([{ kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly: [d[0], d[2], d[1], d[2], d[1], d[3], d[0], d[3], d[0], d[2]], edge: -1 }]);
  }
  if (rings.length > 0) {
    // A face closed around the u period without a seam edge (OpenCascade's reader adds the seam, at
    // u = 0): cut each ring at u ≡ 0 and close between two rings with seam lines at u = 0 and 2π, or
    // between one ring and the pole/apex on the face's side.
    // Where ShapeFix puts the seam (observed on OpenCascade 7.6): u = 0 when the rings are closed
    // edges (full circles), else the smallest u (mod 2π) of the vertices of the rings made of open edges.
    let cutU = Infinity;
    for (const r of rings) {
      if (r.length === 1 && r[0].edge >= 0 && part.edges[r[0].edge].start === part.edges[r[0].edge].end) continue;
      for (const pc of r) {
        pieceEnd(pc, false, s2a);
        const u = s2a[0] - periodU * Math.floor(s2a[0] / periodU + 1e-12);
        if (u < cutU) cutU = u;
      }
    }
    if (!Number.isFinite(cutU)) cutU = 0;
    const polys = rings.map((r) => ringAtZero(r, periodU, cutU));
    seamU = cutU;
    if (polys.length === 2) {
      // one ring runs up in u and the other down, in a consistent file: keep their senses, so that the
      // band is oriented as the face's other loops (holes through it) and their areas subtract
      const up0 = polys[0][0] < polys[0][polys[0].length - 2];
      const up1 = polys[1][0] < polys[1][polys[1].length - 2];
      const [first, second] = up0 !== up1 && up1 ? [polys[1], polys[0]] : [polys[0], polys[1]];
      const a = first[0] < first[first.length - 2] ? first : reversePoly(first);
      const b = second[0] > second[second.length - 2] ? second : reversePoly(second);
      const merged = a.concat(b);
      merged.push(a[0], a[1]);
      loops.push([{ kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly: merged, edge: -1 }]);
    } else if (polys.length === 1) {
      const a = polys[0];
      const dir = (rings[0].length > 0 && ringIncreasing(rings[0]) ? 1 : -1) * (face.reversed ? -1 : 1);
      const poleV = poleOnSide(s, dir > 0);
      if (Number.isFinite(poleV)) {
        const merged = a.slice();
        merged.push(a[a.length - 2], poleV, a[0], poleV, a[0], a[1]);
        loops.push([{ kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly: merged, edge: -1 }]);
      } else wrapLoops++;
    } else wrapLoops += polys.length;
  }
  const box = new Float64Array([Infinity, -Infinity, Infinity, -Infinity]);
  for (const loop of loops) for (const p of loop) addPieceBox(p, box);
  if (rings.length === 0) {
    // OpenCascade brings pcurves into the surface's natural period on import: shift the face's loops
    // so that the box starts in [0, 2π)
    const b0 = new Float64Array([Infinity, -Infinity, Infinity, -Infinity]);
    for (const loop of loops) for (const p of loop) addPieceBox(p, b0);
    // (the period that starts at the domain's start: 0 for the elementary surfaces, the first knot for a B-spline)
    const dom = periodU > 0 || periodV > 0 ? surfaceDomain(s) : null;
    const ku = dom && periodU > 0 && Number.isFinite(b0[0]) ? Math.floor((b0[0] - dom[0]) / periodU + 1e-9) : 0;
    const kv = dom && periodV > 0 && Number.isFinite(b0[2]) ? Math.floor((b0[2] - dom[2]) / periodV + 1e-9) : 0;
    if (ku !== 0 || kv !== 0) {
      for (const loop of loops)
        for (const p of loop) {
          if (p.kind === 'pcurve') {
            p.du -= ku * periodU;
            if (kv !== 0) {
              // v shifts of pcurve pieces: resample as a polyline
              toPoly(p);
            }
          }
          if (p.kind === 'poly')
            for (let i = 0; i < p.poly.length; i += 2) {
              p.poly[i] -= ku * periodU;
              p.poly[i + 1] -= kv * periodV;
            }
        }
      box[0] -= ku * periodU;
      box[1] -= ku * periodU;
      box[2] -= kv * periodV;
      box[3] -= kv * periodV;
    }
  }
  if (rings.length > 0 && periodU > 0) {
    // the seam OpenCascade adds bounds the face to one period
    box[0] = seamU;
    box[1] = seamU + periodU;
  }
  if (!(box[0] <= box[1])) {
    const d = surfaceDomain(s);
    box[0] = d[0];
    box[1] = d[1];
    box[2] = d[2];
    box[3] = d[3];
  } else if (periodU === 0 || periodV === 0) {
    // not periodic in a direction: clip to the surface's natural bounds
    const d = surfaceDomain(s);
    if (periodU === 0) {
      if (box[0] < d[0]) box[0] = d[0];
      if (box[1] > d[1]) box[1] = d[1];
    }
    if (periodV === 0) {
      if (box[2] < d[2]) box[2] = d[2];
      if (box[3] > d[3]) box[3] = d[3];
    }
  }
  return { loops, box, periodU, periodV, allPcurves, wrapLoops, failed };
}

function boxSpanOfPieces(pieces: UvPiece[]): number {
  const b = new Float64Array([Infinity, -Infinity, Infinity, -Infinity]);
  for (const p of pieces) addPieceBox(p, b);
  const s = Math.max(b[1] - b[0], b[3] - b[2]);
  return Number.isFinite(s) && s > 0 ? s : 1;
}

/** Adds a piece's uv box (pcurve box rules; polyline points) to `box`. */
export function addPieceBox(p: UvPiece, box: Float64Array): void {
  if (p.kind === 'pcurve' && p.curve) {
    if (p.du === 0) addCurve2dBox(p.curve, p.ta, p.tb, box);
    else {
      const tmp = new Float64Array([Infinity, -Infinity, Infinity, -Infinity]);
      addCurve2dBox(p.curve, p.ta, p.tb, tmp);
      if (tmp[0] + p.du < box[0]) box[0] = tmp[0] + p.du;
      if (tmp[1] + p.du > box[1]) box[1] = tmp[1] + p.du;
      if (tmp[2] < box[2]) box[2] = tmp[2];
      if (tmp[3] > box[3]) box[3] = tmp[3];
    }
    return;
  }
  for (let k = 0; k < p.poly.length; k += 2) {
    const u = p.poly[k], v = p.poly[k + 1];
    if (u < box[0]) box[0] = u;
    if (u > box[1]) box[1] = u;
    if (v < box[2]) box[2] = v;
    if (v > box[3]) box[3] = v;
  }
}

/** Samples the 3-D edge along the coedge and inverts the samples onto the surface, unwrapped. */
function sampledPiece(part: Part, face: PartFace, e: PartEdge, forward: boolean, edgeRanges: Float64Array, prev: Vec2 | null, periodU: number, periodV: number, tolMm: number, tolRange: Float64Array | undefined): UvPiece | null {
  const s = face.surface as Surface;
  const t0 = edgeRanges[e.index * 2];
  const t1 = edgeRanges[e.index * 2 + 1];
  const along = forward === e.sameSense;
  let n = 2;
  const base = e.curve.type === 'trimmed' ? e.curve.basis : e.curve;
  const poly: number[] = [];
  const uv: Vec2 = [0, 0];
  let last: Vec2 | null = prev ? [prev[0], prev[1]] : null;
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) {
    // no usable 3-D curve: traced through a neighbour's pcurve, else straight between the vertices
    const traced = pointsThroughNeighbourPcurve(part, face, e, forward, tolMm, tolRange);
    const points = traced ?? (forward ? [e.start, e.end] : [e.end, e.start]).map((vi) => part.vertices[vi].point);
    for (let i = 0; i < points.length; i++) {
      if (!invert(s, points[i], last, uv, i <= 1)) return null;
      push(uv);
    }
    if (traced && e.start !== e.end) settleEndsOnPoles(s, poly);
    return { kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly, edge: e.index };
  }
  if (base.type !== 'line' || s.type !== 'plane') n = base.type === 'bspline' ? Math.max(32, 8 * base.controlPoints.length) : 64;
  const period = curvePeriod(e.curve);
  void period;
  for (let i = 0; i <= n; i++) {
    const f = i / n;
    const t = along ? t0 + (t1 - t0) * f : t1 + (t0 - t1) * f;
    let p: Vec3;
    if (i === 0) p = part.vertices[forward ? e.start : e.end].point;
    else if (i === n) p = part.vertices[forward ? e.end : e.start].point;
    else p = evaluateCurve(e.curve, t, s3a);
    if (!invert(s, p, last, uv, i <= 1)) return null;
    push(uv);
  }
  // a closed edge's ends are one vertex: they coincide in uv or differ by a period (a ring, which the
  // ring logic closes on the face's side), whatever the inversion picked at a pole
  if (e.start !== e.end) settleEndsOnPoles(s, poly);
  return { kind: 'poly', curve: null, ta: 0, tb: 0, du: 0, poly, edge: e.index };

  function push(q: Vec2): void {
    let u = q[0];
    let v = q[1];
    if (last) {
      u = wrapNear(u, last[0], periodU);
      v = wrapNear(v, last[1], periodV);
    }
    poly.push(u, v);
    last = [u, v];
  }
}

/** Points traced along an edge by {@link pointsThroughNeighbourPcurve}. */
const TRACED_SAMPLES = 128;

/**
 * Points along an edge whose 3-D curve cadlens does not evaluate (a curve type the reader does not model),
 * traced through its pcurve on a neighbouring face's surface: S'(pc(t)) from the coedge's start vertex to
 * its end vertex, located on the pcurve (within `tolMm`). Null when no such pcurve holds both vertices.
 */
function pointsThroughNeighbourPcurve(part: Part, face: PartFace, e: PartEdge, forward: boolean, tolMm: number, tolRange: Float64Array | undefined): Vec3[] | null {
  if (e.start === e.end) return null;
  const vs = part.vertices[forward ? e.start : e.end].point;
  const ve = part.vertices[forward ? e.end : e.start].point;
  for (const pcu of e.pcurves) {
    if (pcu.curve.type === 'other' || pcu.surfaceStepId === face.surfaceStepId) continue;
    const [d0, d1] = curve2dDomain(pcu.curve);
    if (!Number.isFinite(d0) || !Number.isFinite(d1)) continue;
    const other = e.faces.map((fi) => part.faces[fi]).find((f) => f.surfaceStepId === pcu.surfaceStepId);
    const so = other?.surface;
    if (!so || so.type === 'other') continue;
    const la = locateOnPcurve(so, pcu.curve, vs, d0, d1);
    if (!withinTol(distanceOnPcurve(so, pcu.curve, la, vs), tolMm, tolRange)) continue;
    const lb = locateOnPcurve(so, pcu.curve, ve, d0, d1);
    if (!withinTol(distanceOnPcurve(so, pcu.curve, lb, ve), tolMm, tolRange)) continue;
    const pts: Vec3[] = [vs];
    for (let i = 1; i < TRACED_SAMPLES; i++) {
      evaluateCurve2d(pcu.curve, la + ((lb - la) * i) / TRACED_SAMPLES, s2b);
      pts.push(evaluateSurface(so, s2b[0], s2b[1], [0, 0, 0]));
    }
    pts.push(ve);
    return pts;
  }
  return null;
}

/** Flattens a ring (pieces spanning one u period) and cuts it at u ≡ 0: u runs over [0, period] (or back). */
function ringAtZero(ring: UvPiece[], period: number, cut: number): number[] {
  const pts: number[] = [];
  for (const p of ring) {
    if (p.kind === 'pcurve' && p.curve) {
      const m = 64;
      for (let i = 0; i < m; i++) {
        evaluateCurve2d(p.curve, p.ta + ((p.tb - p.ta) * i) / m, s2a);
        pts.push(s2a[0] + p.du, s2a[1]);
      }
    } else for (let i = 0; i + 2 < p.poly.length; i += 2) pts.push(p.poly[i], p.poly[i + 1]);
  }
  pieceEnd(ring[ring.length - 1], true, s2a);
  pts.push(s2a[0], s2a[1]);
  // find where the ring crosses u ≡ 0 (mod period)
  const n = pts.length / 2;
  const us = pts[0];
  const total = pts[(n - 1) * 2] - us; // ± period
  const up = total > 0;
  const target = cut + (up ? Math.ceil((us - cut) / period - 1e-12) : Math.floor((us - cut) / period + 1e-12)) * period;
  let at = 0;
  let f = 0;
  for (let i = 0; i + 1 < n; i++) {
    const ua = pts[i * 2], ub = pts[i * 2 + 2];
    if (up ? ua <= target && ub >= target : ua >= target && ub <= target) {
      at = i;
      f = ub !== ua ? (target - ua) / (ub - ua) : 0;
      break;
    }
  }
  const cv = pts[at * 2 + 1] + f * (pts[at * 2 + 3] - pts[at * 2 + 1]);
  // crossing → rest of the ring → its start again (one period on) → crossing one period on
  const out: number[] = [target, cv];
  for (let i = at + 1; i < n; i++) out.push(pts[i * 2], pts[i * 2 + 1]);
  for (let i = 1; i <= at; i++) out.push(pts[i * 2] + total, pts[i * 2 + 1]);
  out.push(target + total, cv);
  const shift = cut - Math.min(target, target + total);
  for (let i = 0; i < out.length; i += 2) out[i] += shift;
  return out;
}

function reversePoly(p: number[]): number[] {
  const out: number[] = [];
  for (let i = p.length - 2; i >= 0; i -= 2) out.push(p[i], p[i + 1]);
  return out;
}

function ringIncreasing(ring: UvPiece[]): boolean {
  pieceEnd(ring[0], false, s2a);
  const a = s2a[0];
  pieceEnd(ring[ring.length - 1], true, s2a);
  return s2a[0] > a;
}

/** Whether the ring logic can close a ring to a pole or apex of the surface (see {@link poleOnSide}). */
function hasRingPole(s: Surface): boolean {
  return Number.isFinite(poleOnSide(s, true)) || Number.isFinite(poleOnSide(s, false));
}

/** v of the pole/apex above (up) or below the ring, or NaN. */
function poleOnSide(s: Surface, up: boolean): number {
  if (s.type === 'sphere') return up ? Math.PI / 2 : -Math.PI / 2;
  if (s.type === 'cone') {
    const vApex = -s.radius / Math.sin(s.semiAngle);
    return up === vApex > 0 ? vApex : NaN;
  }
  return NaN;
}

/**
 * Exact pcurve of a 3-D conic (circle, ellipse, hyperbola, parabola) or B-spline on a plane (what OpenCascade's `CurveOnPlane`
 * computes: the orthogonal projection), with the edge's own parameterisation.
 */
function planeExactPiece(s: Surface, e: PartEdge, forward: boolean, edgeRanges: Float64Array): UvPiece | null {
  if (s.type !== 'plane') return null;
  const t0 = edgeRanges[e.index * 2];
  const t1 = edgeRanges[e.index * 2 + 1];
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) return null;
  const base = e.curve.type === 'trimmed' ? e.curve.basis : e.curve;
  const { origin: po, x: px, y: py, z: pz } = s.frame;
  const proj = (p: Vec3): Vec2 => [(p[0] - po[0]) * px[0] + (p[1] - po[1]) * px[1] + (p[2] - po[2]) * px[2], (p[0] - po[0]) * py[0] + (p[1] - po[1]) * py[1] + (p[2] - po[2]) * py[2]];
  const dirProj = (d: Vec3): Vec2 => [d[0] * px[0] + d[1] * px[1] + d[2] * px[2], d[0] * py[0] + d[1] * py[1] + d[2] * py[2]];
  const along = forward === e.sameSense;
  let ta = along ? t0 : t1;
  let tb = along ? t1 : t0;
  let curve: Curve2d;
  if (base.type === 'circle' || base.type === 'ellipse' || base.type === 'hyperbola' || base.type === 'parabola') {
    const f = base.frame;
    const nz = f.z[0] * pz[0] + f.z[1] * pz[1] + f.z[2] * pz[2];
    if (Math.abs(Math.abs(nz) - 1) > 1e-9) return null; // not in the plane
    const origin = proj(f.origin);
    const xAxis = dirProj(f.x);
    if (nz < 0) {
      // Seen from the far side the conic's Y axis flips: the same curve at −t (every conic's X part is even in t).
      ta = -ta;
      tb = -tb;
    }
    if (base.type === 'circle') curve = { type: 'circle', origin, xAxis, radius: base.radius };
    else if (base.type === 'ellipse') curve = { type: 'ellipse', origin, xAxis, semiAxis1: base.semiAxis1, semiAxis2: base.semiAxis2 };
    else if (base.type === 'hyperbola') curve = { type: 'hyperbola', origin, xAxis, semiAxis: base.semiAxis, semiImagAxis: base.semiImagAxis };
    else curve = { type: 'parabola', origin, xAxis, focalLength: base.focalLength };
  } else if (base.type === 'bspline') {
    curve = { type: 'bspline', degree: base.degree, controlPoints: base.controlPoints.map(proj), weights: base.weights, knots: base.knots, multiplicities: base.multiplicities };
  } else return null;
  return { kind: 'pcurve', curve, ta, tb, du: 0, poly: [], edge: e.index };
}

/** Replaces a pcurve piece by a dense polyline of it (in place). */
function toPoly(p: UvPiece): void {
  if (p.kind !== 'pcurve' || !p.curve) return;
  const m = 128;
  const pts: number[] = [];
  for (let i = 0; i <= m; i++) {
    evaluateCurve2d(p.curve, p.ta + ((p.tb - p.ta) * i) / m, s2a);
    pts.push(s2a[0] + p.du, s2a[1]);
  }
  p.kind = 'poly';
  p.curve = null;
  p.du = 0;
  p.poly = pts;
}

const sameA: Vec2 = [0, 0];
const sameB: Vec2 = [0, 0];

/** Whether two pcurves of an edge are one curve written twice (a seam's sides differ by a period). */
function samePcurve(a: Curve2d, b: Curve2d): boolean {
  for (const t of [0, 1]) {
    evaluateCurve2d(a, t, sameA);
    evaluateCurve2d(b, t, sameB);
    if (!(Math.hypot(sameA[0] - sameB[0], sameA[1] - sameB[1]) <= 1e-9 * (1 + Math.abs(sameA[0]) + Math.abs(sameA[1])))) return false;
  }
  return true;
}

/**
 * A loop without seam edges that runs into a pole and out of it (D31's sphere octants, B-spline patches bounded by
 * two meridians and the equator) may leave the pole a period away from where it reached it in u, since every u is
 * the pole there: its pieces then close only modulo the period, which the gap logic reads as a ring around the
 * surface, and the face got no area. A joint on the pole is one point in 3-D whatever its u length (OpenCascade's
 * degenerated edge runs along the pole line), so it takes the period: the pieces after the first pole joint move by
 * the closing gap's whole periods, and the loop closes where it started.
 */
function closeThroughPole(s: Surface, ordered: UvPiece[], periodU: number, uvScale: number): void {
  const last = ordered.length - 1;
  if (last < 1) return;
  pieceEnd(ordered[last], true, endA);
  pieceEnd(ordered[0], false, endB);
  const gu = endB[0] - endA[0];
  const shift = Math.round(gu / periodU) * periodU;
  if (shift === 0 || Math.abs(gu - shift) > 1e-6 * periodU || Math.abs(endB[1] - endA[1]) > 1e-7 * uvScale) return;
  for (let k = 0; k < last; k++) {
    pieceEnd(ordered[k], true, endA);
    pieceEnd(ordered[k + 1], false, endB);
    if (Math.hypot(endB[0] - endA[0], endB[1] - endA[1]) > 1e-7 * uvScale && jointCost(s, endA, endB) === 0) {
      for (let j = k + 1; j <= last; j++) shiftPieceU(ordered[j], shift);
      return;
    }
  }
}

/** Moves a piece by `du` in u. */
function shiftPieceU(p: UvPiece, du: number): void {
  if (p.kind === 'pcurve') p.du += du;
  else for (let i = 0; i < p.poly.length; i += 2) p.poly[i] += du;
}

const seamA: Vec2 = [0, 0];
const seamB: Vec2 = [0, 0];
const seamQ: Vec2 = [0, 0];

/**
 * Puts a seam's second side (`b`, the pcurve its first side `pieces[first]` did not take) a period to the one side of
 * the first side or the other: the one that joins the piece before it (`prevEnd`) and, when the loop has already
 * placed it, the piece after it. A joint at a pole costs nothing (a degenerate edge there is one point in 3-D,
 * whatever its uv length): a ball's seam runs from the pole to the rim and back, and only the rim can tell its sides
 * apart. Between equal costs, the nearer start in uv.
 */
function placeSeamSide(s: Surface, pieces: UvPiece[], b: UvPiece, first: number, prevEnd: Vec2 | null, next: UvPiece | null, period: number): void {
  // the second side runs the seam the other way: its start lies across the seam from the first side's end
  pieceEnd(pieces[first], true, seamA);
  const firstEndU = seamA[0];
  pieceEnd(b, false, seamB);
  const unshiftedU = seamB[0] - b.du;
  let bestDu = b.du;
  let bestCost = Infinity;
  let bestGap = Infinity;
  for (const sign of [-1, 1]) {
    b.du = firstEndU + sign * period - unshiftedU;
    pieceEnd(b, false, seamB);
    let cost = 0;
    let gap = 0;
    if (prevEnd) {
      cost += jointCost(s, prevEnd, seamB);
      gap = Math.hypot(seamB[0] - prevEnd[0], seamB[1] - prevEnd[1]);
    }
    if (next) {
      pieceEnd(b, true, seamA);
      pieceEnd(next, false, seamQ);
      cost += jointCost(s, seamA, seamQ);
    }
    if (cost < bestCost - 1e-12 || (cost <= bestCost + 1e-12 && gap < bestGap)) {
      bestCost = cost;
      bestGap = gap;
      bestDu = b.du;
    }
  }
  b.du = bestDu;
}

/**
 * uv length of the gap from `a` to `b`, or 0 where the straight gap is one point in 3-D (at a pole). Several samples:
 * a gap of whole periods has its ends and middle on one 3-D point too.
 */
function jointCost(s: Surface, a: Vec2, b: Vec2): number {
  const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (d < 1e-9) return 0;
  evaluateSurface(s, a[0], a[1], s3a);
  const size = 1 + Math.abs(s3a[0]) + Math.abs(s3a[1]) + Math.abs(s3a[2]);
  for (const f of [0.25, 1 / 3, 0.5, 0.75, 1]) {
    seamQ[0] = a[0] + f * (b[0] - a[0]);
    seamQ[1] = a[1] + f * (b[1] - a[1]);
    evaluateSurface(s, seamQ[0], seamQ[1], s3b);
    if (!(Math.hypot(s3b[0] - s3a[0], s3b[1] - s3a[1], s3b[2] - s3a[2]) <= 1e-9 * size)) return d;
  }
  return 0;
}
