/**
 * Pieces of one drill that another feature cut apart, on a segmented mesh: the STL counterpart of the B-Rep
 * hole pass's piece join (`features/parameters/hole-pieces.ts`). A pocket, passage or cross hole that runs
 * across a drill leaves its wall in coaxial pieces that do not touch — a countersink or counterbore with the
 * drill's upper part above the crossing feature, the rest of the drill and its floor below. docs/labelling.md
 * counts them as one hole, and through or blind is the whole drill's: the piece with the floor makes it blind.
 *
 * Two bore pieces join when their drills share one axis line and one radius, they follow each other along the
 * axis with no other hole piece of the line between them, neither has its floor at the end that faces the other
 * (two blind holes drilled towards each other stay two) and their lengths differ (holes through two walls of one
 * thickness — a clevis's lugs — are two holes, as on the B-Rep).
 * @internal
 */
import type { PartMesh, Vec3 } from '../../../model/index.js';
import type { FeatureGraph, GraphFace } from '../tier2-heuristics/feature-graph.js';
import { dot3 } from '../../../geometry/vec3.js';

/** One bore piece as the stack pass sees it: its faces, its floors, its narrowest inward cylinder. */
export interface DrillPiece {
  faces: readonly number[];
  bottomFaces: readonly number[];
  ref: GraphFace;
}

/** Two pieces have one radius within this share of it (the stack pass's bore test). */
const PIECE_RADIUS_RATIO = 0.02;
/** Two pieces' lengths are one within this share of the radius (plus the graph tolerance): tessellation puts their end vertices on the surface. */
const PIECE_LENGTH_RATIO = 0.02;

/** Axial range of a set of faces' triangle vertices along `axis` (through `origin`). */
function axialRange(mesh: Readonly<PartMesh>, graph: FeatureGraph, faces: readonly number[], origin: Vec3, axis: Vec3): [number, number] {
  const { positions, indices } = mesh;
  let lo = Infinity, hi = -Infinity;
  for (const f of faces)
    for (const t of graph.faces[f].triangles ?? [])
      for (let k = 0; k < 3; k++) {
        const v = 3 * indices[3 * t + k];
        const s = (positions[v] - origin[0]) * axis[0] + (positions[v + 1] - origin[1]) * axis[1] + (positions[v + 2] - origin[2]) * axis[2];
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
  return [lo, hi];
}

/**
 * Pairs of `pieces` (indices) that are pieces of one drill (see the module comment). `coaxial` is the stack pass's
 * axis-line test (`meshCoaxial`).
 */
export function drillPiecePairs(
  graph: FeatureGraph,
  mesh: Readonly<PartMesh>,
  pieces: readonly DrillPiece[],
  coaxial: (a: GraphFace, b: GraphFace, radiusMm: number, tolMm: number) => boolean,
  tolMm: number,
): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i], b = pieces[j];
      const r = Math.min(a.ref.radius!, b.ref.radius!);
      if (Math.abs(a.ref.radius! - b.ref.radius!) > PIECE_RADIUS_RATIO * r + tolMm || !coaxial(a.ref, b.ref, r, tolMm)) continue;
      const origin = a.ref.origin, axis = a.ref.axis!;
      const wall = (p: DrillPiece) => p.faces.filter((f) => {
        const g = graph.faces[f];
        return g.kind === 'cylinder' && g.inward && g.axis !== null && Math.abs(dot3(g.axis, axis)) > 0.999;
      });
      const [alo, ahi] = axialRange(mesh, graph, wall(a), origin, axis);
      const [blo, bhi] = axialRange(mesh, graph, wall(b), origin, axis);
      const [first, second, fr, sr] = alo <= blo ? [a, b, [alo, ahi], [blo, bhi]] : [b, a, [blo, bhi], [alo, ahi]];
      const gapLo = fr[1], gapHi = sr[0];
      if (gapHi - gapLo <= tolMm) continue; // touching or overlapping pieces are the border join's
      const lengthTol = PIECE_LENGTH_RATIO * r + tolMm;
      if (Math.abs(fr[1] - fr[0] - (sr[1] - sr[0])) <= lengthTol) continue;
      // a floor at the end facing the other piece closes the drill there
      const closedAt = (p: DrillPiece, range: number[], end: number) =>
        p.bottomFaces.some((f) => {
          const [lo, hi] = axialRange(mesh, graph, [f], origin, axis);
          const mid = (lo + hi) / 2;
          return Math.abs(mid - end) < Math.abs(mid - (end === range[0] ? range[1] : range[0]));
        });
      if (closedAt(first, fr, gapLo) || closedAt(second, sr, gapHi)) continue;
      // nothing else of the line between them
      const between = pieces.some((p, k) => {
        if (k === i || k === j || !coaxial(a.ref, p.ref, Math.min(r, p.ref.radius!), tolMm)) return false;
        const [lo, hi] = axialRange(mesh, graph, p.faces, origin, axis);
        return hi > gapLo + tolMm && lo < gapHi - tolMm;
      });
      if (!between) out.push([i, j]);
    }
  return out;
}
