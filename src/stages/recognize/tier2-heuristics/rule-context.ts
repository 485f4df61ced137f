/**
 * Shared state of one Tier 2 run: the graph, which faces are stock, the stock's principal directions
 * and the depressions (connected components of non-stock faces joined by concave arcs).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureGraph, GraphFace } from './feature-graph.js';
import { otherFace } from './feature-graph.js';
import { findStockFaces, supportingFaces } from './stock-faces.js';
import { findSheetMetal } from './sheet-bends.js';
import { findBlendFaces, isConcaveBlend, type BlendKind } from './blend-faces.js';
import { dot3, cross3, vec3, projectedRange } from '../../../geometry/vec3.js';

/** |cos| above which two directions count as parallel (≈ 1.8°). */
export const PARALLEL_COS = 0.9995;

/** A group of non-stock faces joined by concave arcs. */
export interface Depression {
  faces: number[];
  /** Direction ids (see {@link RuleContext.dirOf}) of the stock faces the group meets along convex arcs. */
  stockDirs: Set<number>;
}

/** What every rule gets. */
export interface RuleContext {
  graph: FeatureGraph;
  isStock: boolean[];
  /** Blend faces (rounds, fillets, chamfers; see `blend-faces.ts`): recognised before and apart from the depressions. */
  blend: (BlendKind | null)[];
  /**
   * Per face, the direction ids of the stock sides a tilted skin face leans towards ({@link skinSideDirs}; empty for
   * other faces): a cut made into one of those sides later opens through it as it would through the stock face.
   */
  skinDirs: number[][];
  /**
   * Faces of a bent sheet's bends (sheet-bends.ts): `other_feature`, in no depression and no blend chain. All false on
   * a part with no bend.
   */
  formed: boolean[];
  /** A bent sheet's skin faces → the axis of a bend in their plane (sheet-bends.ts; a tilted flat is read in its own frame). */
  sheetSkinAxis: ReadonlyMap<number, Vec3>;
  /** A bent sheet's other planes through its thickness (sheet-bends.ts): stock where no rule explains them. */
  sheetThickness: ReadonlySet<number>;
  /** The stock's three principal axes (orthonormal). */
  axes: [Vec3, Vec3, Vec3];
  /** Length tolerance (mm). */
  tolMm: number;
  /** Direction id 0..5 (= axis·2 + (negative ? 1 : 0)) of a unit vector parallel to a principal axis, else -1. */
  dirOf(n: Vec3 | null): number;
  /** The unit vector of a direction id. */
  dirVector(id: number): Vec3;
}

/** Opposite direction id. */
export const oppositeDir = (id: number): number => id ^ 1;

const unit = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/**
 * The diagonal of the part's bounding box in the frame `axes` (over its boundary points): the same however the part
 * is turned, where the axis-aligned box's diagonal grows up to √3 × on a turned block. With the world axes it is the
 * graph's `diagonalMm`.
 */
export function frameDiagonalMm(points: ArrayLike<number>, axes: readonly Vec3[]): number {
  if (points.length === 0) return 0;
  let sum = 0;
  for (const a of axes) {
    const [lo, hi] = projectedRange(points, a);
    sum += (hi - lo) ** 2;
  }
  return Math.sqrt(sum);
}

/**
 * The direction ids of a frame: 2k for +axes[k], 2k + 1 for −axes[k]; `dirOf` gives a normal's id (−1 when it is
 * along no axis within {@link PARALLEL_COS}), `dirVector` an id's unit vector.
 */
export function frameDirections(axes: readonly [Vec3, Vec3, Vec3]): { dirOf(n: Vec3 | null): number; dirVector(id: number): Vec3 } {
  return {
    dirOf(n) {
      if (!n) return -1;
      for (let k = 0; k < 3; k++) {
        const d = dot3(n, axes[k]);
        if (d > PARALLEL_COS) return 2 * k;
        if (d < -PARALLEL_COS) return 2 * k + 1;
      }
      return -1;
    },
    dirVector(id) {
      const a = axes[id >> 1];
      return id & 1 ? [-a[0], -a[1], -a[2]] : [a[0], a[1], a[2]];
    },
  };
}

/** Build the context: stock faces, principal axes from the stock planes (world axes when they say nothing). */
export function createRuleContext(graph: FeatureGraph): RuleContext {
  const isStock = findStockFaces(graph);
  // a bent sheet: its skins and outline faces are stock wherever they lie, its bends neither stock nor blends
  const sheet = findSheetMetal(graph);
  const formed = graph.faces.map((f) => sheet.bendFaces.has(f.index));
  for (const f of sheet.stock) isStock[f] = true;
  for (const f of sheet.bendFaces) isStock[f] = false;
  const found: Vec3[] = [];
  // largest stock planes first
  const stockPlanes = graph.faces.filter((f) => isStock[f.index] && f.normal).sort((a, b) => b.area - a.area);
  for (const f of stockPlanes) {
    const n = f.normal!;
    if (found.every((a) => Math.abs(dot3(a, n)) < 0.02)) found.push(unit(n));
    if (found.length === 3) break;
  }
  let axes: [Vec3, Vec3, Vec3];
  if (found.length === 0) axes = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  else {
    const a = found[0];
    let b = found[1];
    if (!b) {
      const helper: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
      b = unit(cross3(vec3(), a, helper));
    }
    const c = unit(cross3(vec3(), a, b));
    axes = [a, unit(cross3(vec3(), c, a)), c];
  }
  const { dirOf, dirVector } = frameDirections(axes);
  const blend = findBlendFaces(graph, isStock, dirOf, { axes, diagonalMm: frameDiagonalMm(graph.points, axes) });
  for (const f of sheet.bendFaces) blend[f] = null;
  const skinDirs = skinSideDirs(graph, isStock, blend, axes);
  return { graph, isStock, blend, skinDirs, formed, sheetSkinAxis: sheet.skinAxis, sheetThickness: sheet.thickness, axes, tolMm: Math.max(1e-6, 1e-4 * (graph.diagonalMm || 1)), dirOf, dirVector };
}

/** A stock side a tilted skin face may have replaced faces it by at least this cosine (≈ 87°: the face leans towards it). */
export const SKIN_SIDE_MIN_COS = 0.05;

/**
 * Per face, for a planar face on a supporting plane of the part (the convex hull) that is neither stock nor a blend —
 * the face of a slanted or two-sided through step, which replaced a side of the stock —, the direction ids of the
 * stock sides it leans towards (its normal's positive components along the axes); else none. A feature cut into the
 * part after the step opens through the tilted face (its walls meet it convexly); {@link stockDirsOf} reads which
 * of these sides the cut came from by its walls.
 */
export function skinSideDirs(graph: FeatureGraph, isStock: readonly boolean[], blend: readonly (BlendKind | null)[], axes: readonly Vec3[]): number[][] {
  const support = supportingFaces(graph);
  return graph.faces.map((f) => {
    if (isStock[f.index] || blend[f.index] || !support[f.index] || f.kind !== 'plane' || !f.normal) return [];
    const dirs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const c = dot3(f.normal, axes[k]);
      if (Math.abs(c) >= SKIN_SIDE_MIN_COS && Math.abs(c) <= PARALLEL_COS) dirs.push(2 * k + (c < 0 ? 1 : 0));
    }
    return dirs.length >= 2 ? dirs : [];
  });
}

/**
 * Connected components of non-stock, non-blend faces over concave arcs (each with the stock directions it
 * meets). A fillet or a concave chamfer (`isConcaveBlend`) joins the faces it blends, as the sharp concave edge it
 * replaced would.
 */
export function findDepressions(ctx: RuleContext, member: (face: number) => boolean = () => true): Depression[] {
  const { graph, isStock, blend } = ctx;
  const seen = new Uint8Array(graph.faces.length);
  const out: Depression[] = [];
  const concaveBlend = graph.faces.map((f) => isConcaveBlend(graph, blend[f.index], f, ctx.dirOf));
  const isFillet = (o: number) => concaveBlend[o];
  for (const start of graph.faces) {
    const s = start.index;
    if (seen[s] || isStock[s] || blend[s] || ctx.formed[s] || !member(s) || standsOut(graph, start)) continue;
    const faces: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const f = stack.pop()!;
      faces.push(f);
      for (const o of concaveNeighbours(ctx, f, isFillet)) {
        if (seen[o] || isStock[o] || blend[o] || ctx.formed[o] || !member(o)) continue;
        seen[o] = 1;
        stack.push(o);
      }
    }
    faces.sort((a, b) => a - b);
    out.push({ faces, stockDirs: stockDirsOf(ctx, faces) });
  }
  return out;
}

/**
 * True for a convex curved face (the outside of a bar, boss or rim: material on the axis side) that meets every
 * neighbour convexly. No cut leaves such a face: a groove's floor or a face groove's inner wall meets the groove's
 * walls concavely. Left out of the depressions, it cannot be read as a feature piece — pieces of a turned bar's skin
 * on one surface were joined into O-rings and passages (OCCT P04). Cut faces always meet something concavely or
 * smoothly, except a hole's inward cylinder, which is not convex.
 */
function standsOut(graph: FeatureGraph, f: GraphFace): boolean {
  if (f.kind === 'plane' || f.kind === 'other' || f.inward) return false;
  return graph.neighbours[f.index].every((ai) => graph.arcs[ai].convexity === 'convex');
}

/** The principal direction id nearest (within 45°) to where the convex skin piece `f` faces at its centroid; else -1. */
function skinPieceDir(ctx: RuleContext, f: GraphFace): number {
  if (!f.axis) return -1;
  const r: Vec3 = [f.centroid[0] - f.origin[0], f.centroid[1] - f.origin[1], f.centroid[2] - f.origin[2]];
  const along = dot3(r, f.axis);
  const n: Vec3 = [r[0] - along * f.axis[0], r[1] - along * f.axis[1], r[2] - along * f.axis[2]];
  const l = Math.hypot(n[0], n[1], n[2]);
  if (l < 1e-9) return -1;
  let best = -1, bestCos = Math.SQRT1_2;
  for (let k = 0; k < 3; k++) {
    const c = dot3(n, ctx.axes[k]) / l;
    if (Math.abs(c) > bestCos) (bestCos = Math.abs(c)), (best = 2 * k + (c < 0 ? 1 : 0));
  }
  return best;
}

/** Faces meeting `f` along a concave or smooth arc, or across a chain of fillets (`isFillet`) that blends it. */
function concaveNeighbours(ctx: RuleContext, f: number, isFillet: (face: number) => boolean): number[] {
  const { graph } = ctx;
  const out: number[] = [];
  const visited = new Set<number>();
  const walk = (face: number) => {
    for (const ai of graph.neighbours[face]) {
      const arc = graph.arcs[ai];
      const o = otherFace(arc, face);
      if (isFillet(o)) {
        if (arc.convexity !== 'convex' && !visited.has(o)) {
          visited.add(o);
          walk(o);
        }
      } else if (arc.convexity === 'concave') out.push(o);
      // a curved face tangent to its neighbour (a slot's round end and its walls) belongs with it
      else if (arc.convexity === 'smooth' && (graph.faces[o].kind !== 'plane' || graph.faces[face].kind !== 'plane')) out.push(o);
    }
  };
  walk(f);
  return out;
}

/**
 * True when blend `b` replaced the edge between planar faces `a` and `c`: a chamfer's normal lies in the
 * plane of theirs, a round's axis is perpendicular to both, which are not parallel. (A chamfer on a stock edge that a passage
 * cuts through touches the passage's walls too, but bevels a different edge.)
 */
function blendsBetween(b: GraphFace, a: GraphFace, c: GraphFace): boolean {
  if (!a.normal || !c.normal) return false;
  if (b.normal) {
    const e = cross3(vec3(), a.normal, c.normal);
    const l = Math.hypot(e[0], e[1], e[2]);
    return l > 1e-9 && Math.abs(dot3(b.normal, e)) < 0.03 * l;
  }
  // Two parallel planes had no edge between them: a wall standing parallel to a stock side under a round of the stock's
  // edge (a pocket cut into the round) does not open to that side (session 12, dev7 000104). B-Rep faces only.
  if (b.axis && b.kind === 'cylinder') {
    if (b.boundary && Math.abs(dot3(a.normal, c.normal)) > PARALLEL_COS) return false;
    return Math.abs(dot3(b.axis, a.normal)) < 0.03 && Math.abs(dot3(b.axis, c.normal)) < 0.03;
  }
  // a free-form blend (a variable-radius round, no axis) between two planes that are not parallel rounds their edge.
  // B-Rep faces only: a segmented mesh's unfitted regions are not known to be blends
  if (b.kind === 'other' && b.boundary) return Math.abs(dot3(a.normal, c.normal)) < PARALLEL_COS;
  return false;
}

/**
 * Direction ids of stock planes meeting these faces along convex arcs — directly, or across a blend on
 * the rim (a chamfer or round between the face and the stock face it opens to). A group meeting no stock face
 * that opens through a tilted skin face ({@link skinSideDirs}) opens to the one side of it its walls run along.
 */
export function stockDirsOf(ctx: RuleContext, faces: readonly number[]): Set<number> {
  const { graph, isStock, blend, skinDirs } = ctx;
  const dirs = new Set<number>();
  const inside = new Set(faces);
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      const o = otherFace(arc, f);
      if (isStock[o] && arc.convexity === 'convex') {
        const d = ctx.dirOf(graph.faces[o].normal);
        if (d >= 0) dirs.add(d);
      } else if (skinDirs[o].length > 0 && !inside.has(o) && arc.convexity === 'convex') {
        continue;
      } else if (arc.convexity === 'convex' && !inside.has(o) && standsOut(graph, graph.faces[o])) {
        // a piece of convex outer skin (an arc of the outline): the cut opens the way the skin faces there
        const d = skinPieceDir(ctx, graph.faces[o]);
        if (d >= 0) dirs.add(d);
      } else if (blend[o] && !inside.has(o) && arc.convexity !== 'concave') {
        for (const bi of graph.neighbours[o]) {
          const b = graph.arcs[bi];
          const s = otherFace(b, o);
          if (!isStock[s] || b.convexity === 'concave' || !blendsBetween(graph.faces[o], graph.faces[f], graph.faces[s])) continue;
          const d = ctx.dirOf(graph.faces[s].normal);
          if (d >= 0) dirs.add(d);
        }
      }
    }
  // a tilted face the cut's walls run along one side of only: the cut came through it from that side
  // Only where the cut meets no stock face at all: a cut that opens to a stock side too may be a pocket whose tool broke
  // out through the tilted face, which keeps its class (measured: counting those openings turned 40 pocket faces into
  // blind slots on the dev parts for 18 fixed); for those, the reopened depression tries it (`depression-split-caps.ts`)
  if (dirs.size === 0) for (const d of skinOpenDirsOf(ctx, faces)) dirs.add(d);
  return dirs;
}

/**
 * The stock sides a group of faces opens to through tilted skin faces ({@link skinSideDirs}): per skin face it meets
 * along a convex arc, the one side of it that every wall meeting it runs along (the side the cut came from), when
 * exactly one is left.
 */
export function skinOpenDirsOf(ctx: RuleContext, faces: readonly number[], anyTilted = false): Set<number> {
  const { graph, skinDirs } = ctx;
  const inside = new Set(faces);
  const leans = (o: number): number[] => (anyTilted ? tiltedSideDirs(ctx, o) : skinDirs[o]);
  // per tilted skin face the depression meets convexly: the sides its walls run along (the cut's direction)
  const skinSides = new Map<number, number[]>();
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      const o = otherFace(arc, f);
      if (inside.has(o) || arc.convexity !== 'convex' || ctx.isStock[o]) continue;
      const dirs = leans(o);
      if (dirs.length === 0) continue;
      const along = dirs.filter((d) => runsAlong(graph.faces[f], ctx.dirVector(d)));
      skinSides.set(o, (skinSides.get(o) ?? dirs).filter((d) => along.includes(d)));
    }
  const out = new Set<number>();
  for (const sides of skinSides.values()) if (sides.length === 1) out.add(sides[0]);
  return out;
}

/** A tilted face leans towards a stock side by at least this cosine (≈ 0.6°). */
const TILTED_SIDE_MIN_COS = 0.01;

/**
 * The stock sides a tilted planar face (not stock, not a blend, parallel to no principal axis) leans towards, on the
 * hull or not (a face of a V-shaped two-sided step, a slanted step tilted by a degree or two): the sides of its
 * normal's components. Empty for other faces.
 */
function tiltedSideDirs(ctx: RuleContext, o: number): number[] {
  const f = ctx.graph.faces[o];
  if (ctx.isStock[o] || ctx.blend[o] || f.kind !== 'plane' || !f.normal || ctx.dirOf(f.normal) >= 0) return [];
  const dirs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c = dot3(f.normal, ctx.axes[k]);
    if (Math.abs(c) >= TILTED_SIDE_MIN_COS) dirs.push(2 * k + (c < 0 ? 1 : 0));
  }
  return dirs.length >= 2 ? dirs : [];
}

/** A wall runs along direction `d`: a plane square to it, or a cylinder or cone whose axis is parallel to it. */
function runsAlong(f: GraphFace, d: Vec3): boolean {
  if (f.kind === 'plane') return !!f.normal && Math.abs(dot3(f.normal, d)) < 1 - PARALLEL_COS + 0.02;
  return !!f.axis && Math.abs(dot3(f.axis, d)) > PARALLEL_COS;
}

/** Concave / convex neighbour counts of a face (optionally only among `within`). */
export function arcCounts(ctx: RuleContext, face: number, within?: ReadonlySet<number>): { concave: number; convex: number; smooth: number } {
  let concave = 0, convex = 0, smooth = 0;
  for (const ai of ctx.graph.neighbours[face]) {
    const arc = ctx.graph.arcs[ai];
    if (within && !within.has(otherFace(arc, face))) continue;
    if (arc.convexity === 'concave') concave++;
    else if (arc.convexity === 'convex') convex++;
    else if (arc.convexity === 'smooth') smooth++;
  }
  return { concave, convex, smooth };
}
