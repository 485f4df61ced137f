/**
 * Facts about how a face sits on the part's outer skin, read from the exact B-Rep (boundary points, the face
 * graph; never the tessellation, so the answer is the same with and without a mesh): whether a planar face
 * lies on a supporting plane of the part, how its edges meet its neighbours (convex, concave, through a
 * blend), and the nearest opposed planar face in front of it (across a cut) and behind it (across material:
 * a thin wall's other skin). docs/recognition.md, "Stock: the part's outer skin" (session 6).
 * @internal
 */
import type { Part, Vec3 } from '../../model/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace } from './tier2-heuristics/feature-graph.js';
import { findStockFaces, supportingFaces } from './tier2-heuristics/stock-faces.js';
import { hasFoldPartner } from './tier2-heuristics/roof-valley.js';
import { faceBoundaryReader, outerLoopEdges } from './face-boundary-extents.js';
import { edgeConvexity } from '../../brep/aag-from-brep.js';
import { computeEdgeRanges } from '../../features/gaag/uv-bounds.js';
import { memoFaceUvBoundary } from '../../features/gaag/uv-boundary-memo.js';
import { flattenLoops } from '../../features/gaag/trimming-mask.js';
import { sampleFaceGrid } from '../../features/gaag/face-uv-grid.js';
import { canonicalFitter, canonicalKinds, isCanonicalPlane } from './canonical-kinds.js';

/** The class whose two roof halves {@link convexFaceStockFaces} keeps when a later cut took their ridge. */
const TWO_SIDED_STEP = '2sides_through_step';

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
/** Distance tolerance as a share of the bounding-box diagonal. */
const RELATIVE_TOLERANCE = 1e-4;
/** Two planar faces are opposed when their normals are antiparallel within this cosine (≈ 1°). */
const OPPOSED_COS = -Math.cos(Math.PI / 180);
/** Two planar faces lie on one plane when their outward normals agree within this cosine (≈ 1°) and their offsets within the distance tolerance. */
const SAME_PLANE_COS = Math.cos(Math.PI / 180);

/** How one face sits on the part's skin. */
export interface SkinFacts {
  /** Planar and on a supporting plane of the part (nothing of the part beyond its plane). */
  support: boolean;
  /** How far the part reaches beyond a planar face's plane, ÷ the part's smallest extent; null for other faces. */
  beyond: number | null;
  /** Shares of the face's edge length meeting its neighbours convexly / concavely; a smooth edge to a convex blend counts convex, to a concave (inward) one concave. */
  convexShare: number;
  concaveShare: number;
  /** Share of the edge length whose convexity is unknown: the AAG could not tell, or a smooth edge to a free-form face (it may be a concave blend). */
  unknownShare: number;
  /** Nearest opposed planar face in front of this planar face, overlapping it (a cut's other side): gap ÷ the part's smallest extent; null when none. */
  frontGap: number | null;
  /** Nearest opposed planar face behind it, overlapping it (the other skin of the material): gap ÷ the part's smallest extent; null when none. */
  behindGap: number | null;
  /** The face's size, √area ÷ the part's smallest extent. */
  size: number;
  /** Planar faces: shares of the outer loop's length (the loop reaching farthest) meeting the neighbours convexly / concavely / unknown, edge by edge. */
  outerConvexShare: number;
  outerConcaveShare: number;
  outerUnknownShare: number;
}

/** Edge length of face `f` meeting its neighbours convexly, concavely (a smooth edge counts as its blend's side) and unknown. */
function edgeShares(g: FeatureGraph, f: GraphFace): { convex: number; concave: number; unknown: number; total: number } {
  let convex = 0, concave = 0, unknown = 0, total = 0;
  for (const k of g.neighbours[f.index]) {
    const arc = g.arcs[k];
    const len = arc.lengthMm;
    total += len;
    if (arc.convexity === 'convex') convex += len;
    else if (arc.convexity === 'concave') concave += len;
    else if (arc.convexity === 'smooth') {
      const o = g.faces[arc.a === f.index ? arc.b : arc.a];
      if (o.kind === 'other') unknown += len;
      else if (o.kind !== 'plane') (o.inward ? (concave += len) : (convex += len));
    } else unknown += len;
  }
  return { convex, concave, unknown, total };
}

const scaled = (x: number | null, by: number) => (x === null ? null : x / by);

/** The part's smallest bounding-box extent (over extents longer than `tol`). */
function smallestExtent(g: FeatureGraph, tol: number): number {
  const ext = [0, 1, 2].map((k) => g.bbox.max[k] - g.bbox.min[k]).filter((e) => e > tol);
  return ext.length > 0 ? Math.min(...ext) : 1;
}

/**
 * A finder of the nearest opposed planar face (normal antiparallel within 1°) whose plane lies at `side` × gap > 0
 * along planar face f's outward normal (+1: in front, across a cut; -1: behind, across material) and whose boundary
 * overlaps f's along both in-plane directions, on the same solid; the gap in mm, null when there is none.
 */
function opposedPlaneFinder(part: Readonly<Part>, g: FeatureGraph): (f: GraphFace, side: 1 | -1) => number | null {
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const planes = g.faces.filter((f) => f.kind === 'plane' && f.normal);
  const { pointsOf, extent } = faceBoundaryReader(part);
  const overlaps = (a: [number, number], b: [number, number]) => Math.min(a[1], b[1]) - Math.max(a[0], b[0]) > tol;
  // A cut's other side belongs to the same body: in a file of several solids, another solid's face is no cut's side.
  const bodyOf = (i: number) => {
    const shell = part.shells[part.faces[i]?.shell ?? -1];
    return shell ? (shell.solid >= 0 ? shell.solid : -2 - shell.index) : -1;
  };
  return (f, side) => {
    const body = bodyOf(f.index);
    const n = f.normal!;
    const u0: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const u = cross(n, u0);
    const ul = Math.hypot(...u);
    const uu: Vec3 = [u[0] / ul, u[1] / ul, u[2] / ul];
    const vv = cross(n, uu);
    let fu: [number, number] | null = null, fv: [number, number] | null = null;
    const h0 = dot(n, f.origin);
    let best: number | null = null;
    for (const o of planes) {
      if (o.index === f.index || dot(o.normal!, n) > OPPOSED_COS || bodyOf(o.index) !== body) continue;
      const gap = side * (dot(n, o.origin) - h0);
      if (gap <= tol || (best !== null && gap >= best)) continue;
      fu ??= extent(f.index, uu);
      fv ??= extent(f.index, vv);
      if (overlaps(fu, extent(o.index, uu)) && overlaps(fv, extent(o.index, vv))) best = gap;
    }
    return best;
  };
}

/** Per face of `part`, its {@link SkinFacts}. */
export function skinFacts(part: Readonly<Part>, graph?: FeatureGraph): SkinFacts[] {
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const small = smallestExtent(g, tol);
  const p = g.points;
  const opposedGap = opposedPlaneFinder(part, g);
  return g.faces.map((f) => {
    const { convex, concave, unknown, total } = edgeShares(g, f);
    let beyond: number | null = null;
    if (f.kind === 'plane' && f.normal) {
      const n = f.normal, h0 = dot(n, f.origin);
      let b = 0;
      for (let k = 0; k < p.length; k += 3) b = Math.max(b, p[k] * n[0] + p[k + 1] * n[1] + p[k + 2] * n[2] - h0);
      beyond = b;
    }
    const planar = f.kind === 'plane' && !!f.normal;
    return {
      support: beyond !== null && beyond <= tol,
      beyond: beyond === null ? null : beyond / small,
      convexShare: total > 0 ? convex / total : 0,
      concaveShare: total > 0 ? concave / total : 0,
      unknownShare: total > 0 ? unknown / total : 0,
      frontGap: planar ? scaled(opposedGap(f, 1), small) : null,
      behindGap: planar ? scaled(opposedGap(f, -1), small) : null,
      size: Math.sqrt(Math.max(f.area, 0)) / small,
      ...outerLoopShares(part, g, f),
    };
  });
}

/**
 * Classes whose every face meets another face of the same cavity at a concave edge: a pocket's floor meets its
 * walls, a wall meets the floor or the next wall, a slot's or step's wall meets its floor, a passage's walls meet
 * each other (across a corner radius: a concave blend). A planar face whose edges are all convex (or smooth to a
 * convex blend) cannot be one of them; a tier that calls it so is wrong, and the face is the part's outer skin.
 * Chamfers, rounds, slanted through steps (one face, convex edges), holes and `other_feature` are kept.
 */
export const CAVITY_CLASSES: ReadonlySet<string> = new Set([
  'triangular_passage', 'rectangular_passage', '6sides_passage', 'triangular_through_slot', 'rectangular_through_slot',
  'circular_through_slot', 'rectangular_through_step', '2sides_through_step', 'Oring', 'triangular_pocket', 'rectangular_pocket',
  '6sides_pocket', 'circular_end_pocket', 'rectangular_blind_slot', 'v_circular_end_blind_slot', 'h_circular_end_blind_slot',
  'triangular_blind_step', 'circular_blind_step', 'rectangular_blind_step',
]);

/**
 * 1 per planar face that no cavity can have: no edge of its outer loop is concave (directly or through a concave
 * blend) or of unknown convexity — its inner loops may be (a boss or foot standing on it, a hole through it) —, no
 * opposed planar face stands in front of it (a cut's side faces the other side: a pocket wall whose floor a later
 * cut removed keeps its call), it is not a slanted cut across the stock (a plane on the convex hull tilted against the
 * stock's principal axes, which the stock test already rejected, and cutting through the stock's skin), and the tier (`classOf(face)`, a class name or null)
 * called it one of {@link CAVITY_CLASSES}; else 0.
 * docs/recognition.md, "Stock: faces no cavity can have" (session 6) and session 13 (the tilted hull plane).
 */
export function convexFaceStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  if (part.faces.length === 0) return out;
  const candidates = part.faces.filter((f) => isCanonicalPlane(part, f) && CAVITY_CLASSES.has(classOf(f.index) ?? ''));
  if (candidates.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const opposedGap = opposedPlaneFinder(part, g);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const slantedCut = slantedHullPlanes(g);
  const shares = new Map<number, ReturnType<typeof outerLoopShares>>();
  const sharesOf = (gf: GraphFace) => {
    let e = shares.get(gf.index);
    if (!e) shares.set(gf.index, (e = outerLoopShares(part, g, gf)));
    return e;
  };
  for (const f of candidates) {
    const gf = g.faces[f.index];
    if (gf.kind !== 'plane' || !gf.normal) continue;
    const e = sharesOf(gf);
    if (e.outerConcaveShare === 0 && e.outerUnknownShare === 0 && e.outerConvexShare > 0 && opposedGap(gf, 1) === null && !slantedCut[f.index] && !pieceOfCavityFace(gf) && !halfOfCavityFold(gf)) out[f.index] = 1;
  }
  return out;

  /**
   * Another plane called the same class folds concavely with the face (roof-valley.ts): the two are halves of one V —
   * a two-sided step's roof whose ridge a later cut took, or whose halves meet at a few degrees along an edge the graph
   * calls smooth — and the face keeps its call (session 25: box seed 126 parts 23 and 35).
   */
  function halfOfCavityFold(gf: GraphFace): boolean {
    const cls = classOf(gf.index);
    // only a two-sided step's roof, the case measured on dev parts: the fold test has no reach, and for other classes
    // it kept real stock faces a tier called cavities from this rule (held-out stock area 8.6 → 13.0 %, session 25)
    return cls === TWO_SIDED_STEP && hasFoldPartner(g.faces, gf, (o) => classOf(o.index) === cls);
  }

  /**
   * Another piece of the same plane (same outward normal and offset), called the same class, meets its cavity at a
   * concave edge: the face is a piece of a cavity face that a later cut parted from its concave corner (a through
   * step's floor beyond a slot cut across it), and keeps its call (docs/labelling.md: a feature cut in pieces stays
   * one feature where the pieces lie on the same surfaces).
   */
  function pieceOfCavityFace(gf: GraphFace): boolean {
    const n = gf.normal!;
    const h = dot(n, gf.origin);
    const cls = classOf(gf.index);
    return candidates.some((o) => {
      const go = g.faces[o.index];
      if (o.index === gf.index || go.kind !== 'plane' || !go.normal || classOf(o.index) !== cls) return false;
      if (dot(go.normal, n) < SAME_PLANE_COS || Math.abs(dot(n, go.origin) - h) > tol) return false;
      return sharesOf(go).outerConcaveShare > 0;
    });
  }
}


/**
 * Planes on the convex hull that the stock test rejects for leaning against the stock's principal axes: the face of
 * a slanted or two-sided through step (or a large chamfer) that cut across the whole stock, so it meets the stock's
 * skin along convex edges. A step's face has all edges convex when a later cut took the step's concave corner, yet it
 * is no outer skin: the block's skin is square to its frame. (The end face of a bent sheet's tilted flange, between the
 * flange's two tilted skins, meets no stock face: it stays the skin it is; real D14.)
 */
function slantedHullPlanes(g: FeatureGraph): boolean[] {
  const onHull = supportingFaces(g);
  const stock = findStockFaces(g);
  const meetsStock = (i: number) => g.neighbours[i].some((k) => g.arcs[k].convexity === 'convex' && stock[g.arcs[k].a === i ? g.arcs[k].b : g.arcs[k].a]);
  return g.faces.map((f) => f.kind === 'plane' && onHull[f.index] && !stock[f.index] && meetsStock(f.index));
}

/** Edge by edge, how a planar face's outer loop meets its neighbours (a smooth edge counts as its blend's side). */
function outerLoopShares(part: Readonly<Part>, g: FeatureGraph, f: GraphFace): { outerConvexShare: number; outerConcaveShare: number; outerUnknownShare: number } {
  let convex = 0, concave = 0, unknown = 0, total = 0;
  if (f.kind === 'plane' && f.normal) {
    for (const e of outerLoopEdges(part, f.index)) {
      const edge = part.edges[e];
      const other = edge.faces.find((x) => x !== f.index);
      const len = edge.lengthMm;
      total += len;
      if (other === undefined) {
        unknown += len;
        continue;
      }
      const c = edgeConvexity(part, e, f.index, other).convexity;
      if (c === 'convex') convex += len;
      else if (c === 'concave') concave += len;
      else if (c === 'smooth') {
        const o = g.faces[other];
        if (o.kind === 'other') unknown += len;
        else if (o.kind !== 'plane') (o.inward ? (concave += len) : (convex += len));
      } else unknown += len;
    }
  }
  const share = (x: number) => (total > 0 ? x / total : 0);
  return { outerConvexShare: share(convex), outerConcaveShare: share(concave), outerUnknownShare: share(unknown) };
}

/** A thin-walled body's wall thickness is at most this share of the body's smallest bounding-box extent. */
export const MAX_WALL_THICKNESS_SHARE = 0.2;
/** ... and its paired wall faces (skins at that thickness) cover at least this share of the body's face area: most of it (dev margins: sheet bodies 0.62 and 0.83, every other bent body ≤ 0.42; docs/recognition.md). */
export const MIN_WALL_AREA_SHARE = 0.5;
/** ... in at least two wall directions that each hold at least this share of the paired area (a bend). */
export const MIN_BENT_DIRECTION_SHARE = 0.1;
/** Two wall gaps are the same thickness within this relative tolerance. */
const WALL_GAP_TOLERANCE = 0.03;

/** A thin-walled body: its wall thickness (mm) and, per face, 1 where the face is one skin of a wall of that thickness. */
export interface ThinWalls {
  thicknessMm: number;
  /** The thickness ÷ the body's smallest bounding-box extent. */
  thicknessShare: number;
  /** Share of the body's face area in paired wall skins. */
  areaShare: number;
  /** Share of the paired area in its second-largest wall direction. */
  bentShare: number;
  skins: Uint8Array;
}

/**
 * The walls of a sheet-metal or bent-bracket body (constant-thickness walls joined by bends): the planar-face gap t
 * to the nearest opposed face behind (across material) that the most face area shares (within 3 %); the body is
 * thin-walled when t ≤ {@link MAX_WALL_THICKNESS_SHARE} × its smallest extent (a flat plate's two faces are its
 * smallest extent apart: never thin here), the paired faces hold ≥ {@link MIN_WALL_AREA_SHARE} of its area, and they
 * face at least two non-parallel directions, the second with ≥ {@link MIN_BENT_DIRECTION_SHARE} of the paired area (a
 * bend; a flat plate is left to the base-body and box rules). Null when the body is not thin-walled. `limits` replaces
 * the three thresholds (for measuring their margins: tools/stock/thin-wall-margins.ts).
 */
export function thinWalls(
  part: Readonly<Part>,
  graph?: FeatureGraph,
  limits: { thicknessShare: number; areaShare: number; bentShare: number } = { thicknessShare: MAX_WALL_THICKNESS_SHARE, areaShare: MIN_WALL_AREA_SHARE, bentShare: MIN_BENT_DIRECTION_SHARE },
): ThinWalls | null {
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const tol = RELATIVE_TOLERANCE * (g.diagonalMm || 1);
  const small = smallestExtent(g, tol);
  const behind = opposedPlaneFinder(part, g);
  const walls: { f: GraphFace; gap: number }[] = [];
  let total = 0;
  for (const f of g.faces) {
    total += Math.max(f.area, 0);
    if (f.kind !== 'plane' || !f.normal) continue;
    const gap = behind(f, -1);
    if (gap !== null && gap <= limits.thicknessShare * small) walls.push({ f, gap });
  }
  if (walls.length < 2 || total <= 0) return null;
  const same = (a: number, b: number) => Math.abs(a - b) <= WALL_GAP_TOLERANCE * b + tol;
  let t = 0, best = 0;
  for (const w of walls) {
    let a = 0;
    for (const o of walls) if (same(o.gap, w.gap)) a += o.f.area;
    if (a > best) (best = a), (t = w.gap);
  }
  if (best < limits.areaShare * total) return null;
  const skins = new Uint8Array(part.faces.length);
  const directions: { n: Vec3; area: number }[] = [];
  for (const w of walls) {
    if (!same(w.gap, t)) continue;
    skins[w.f.index] = 1;
    const n = w.f.normal!;
    const d = directions.find((x) => Math.abs(dot(x.n, n)) > Math.cos(Math.PI / 180));
    if (d) d.area += w.f.area;
    else directions.push({ n, area: w.f.area });
  }
  directions.sort((a, b) => b.area - a.area);
  const bentShare = directions.length > 1 ? directions[1].area / best : 0;
  if (bentShare < limits.bentShare) return null;
  return { thicknessMm: t, thicknessShare: t / small, areaShare: best / total, bentShare, skins };
}

/**
 * 1 per planar face that is one skin of a thin-walled body's wall ({@link thinWalls}: sheet metal, a bent bracket)
 * where the tier (`classOf(face)`) called it a feature class other than `other_feature`; else 0. A wall skin at the
 * body's own thickness is the sheet, not a cut: a cut into a sheet goes through it (its walls are thickness faces,
 * kept) and a floor cut into a wall leaves a thinner web behind it. docs/recognition.md, "Stock: sheet metal and
 * bent brackets" (session 7).
 */
export function thinWallStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  const candidates = part.faces.filter((f) => isCanonicalPlane(part, f) && !['stock', 'other_feature', ''].includes(classOf(f.index) ?? ''));
  if (candidates.length === 0) return out;
  const w = thinWalls(part, graph);
  if (!w) return out;
  for (const f of candidates) if (w.skins[f.index] === 1) out[f.index] = 1;
  return out;
}

/** Samples per side of the uv grid a curved face is read on for {@link bulgeFacts}. */
const BULGE_GRID = 8;
/** Bulge and hull tolerance, as a share of the part's bounding-box diagonal. */
const BULGE_TOLERANCE = 1e-3;

/** How a curved face bulges: read on its trimmed uv grid samples (points and outward normals) on the exact surface. */
export interface BulgeFacts {
  /** Samples inside the face. */
  samples: number;
  /** Every sample of the face lies behind every other sample's tangent plane: the face bulges outwards (its material is inside). */
  convex: boolean;
  /** Share of the samples whose tangent plane supports the part (no boundary point of the part beyond it): on the convex hull. 0 when not `convex` (not measured). */
  hullShare: number;
  /** The face's area ÷ its longest extent (a blend's width across), ÷ the part's smallest extent. */
  width: number;
  /**
   * As `width`, with the area read on the exact surface (the uv grid's samples inside the face, each standing for its
   * grid cell: |∂S/∂u × ∂S/∂v| by central differences), so the same with and without a mesh; it undercounts a face
   * that fills its uv box by the grid's boundary ring (≤ 27 % on the 8 × 8 grid).
   */
  surfaceWidth: number;
}

/**
 * Per curved face among `faces` (every face that is not a plane, with a surface), its {@link BulgeFacts}; planes, faces
 * whose uv boundary cannot be read and faces with no sample inside are absent. `width` reads the face graph's area (the
 * mesh's where the part has one), `surfaceWidth` the exact surface's. `options.hull` false skips the hull test (the
 * costly half; `hullShare` is then 0).
 */
export function bulgeFacts(part: Readonly<Part>, faces: readonly number[], graph?: FeatureGraph, options: { hull?: boolean } = {}): Map<number, BulgeFacts> {
  const withHull = options.hull ?? true;
  const out = new Map<number, BulgeFacts>();
  const todo = faces.filter((i) => part.faces[i]?.surface && !isCanonicalPlane(part, part.faces[i]));
  if (todo.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const diag = g.diagonalMm || 1;
  const tol = BULGE_TOLERANCE * diag;
  const small = smallestExtent(g, RELATIVE_TOLERANCE * diag);
  const edgeRanges = computeEdgeRanges(part as Part);
  const { extent } = faceBoundaryReader(part);
  const n = BULGE_GRID, plane = n * n;
  const grid = new Float64Array(7 * plane);
  const unit = { center: [0, 0, 0] as Vec3, scale: 1 };
  const P = g.points;
  for (const i of todo) {
    const f = part.faces[i];
    let b;
    try {
      b = memoFaceUvBoundary(part as Part, f, edgeRanges, 1e-5 * diag);
    } catch {
      continue;
    }
    if (b.failed > 0) continue;
    sampleFaceGrid(f.surface!, f.reversed, b.box, flattenLoops(b), n, n, unit, grid, 0);
    const pts: Vec3[] = [], nrm: Vec3[] = [];
    // Area on the exact surface: each inside sample (never on the grid's outer ring) stands for its cell.
    let gridArea = 0;
    for (let r = 1; r < n - 1; r++)
      for (let c = 1; c < n - 1; c++) {
        const k = r * n + c;
        if (grid[k + 6 * plane] !== 1) continue;
        const du: Vec3 = [0, 1, 2].map((ch) => (grid[k + n + ch * plane] - grid[k - n + ch * plane]) / 2) as Vec3;
        const dv: Vec3 = [0, 1, 2].map((ch) => (grid[k + 1 + ch * plane] - grid[k - 1 + ch * plane]) / 2) as Vec3;
        gridArea += Math.hypot(...cross(du, dv));
      }
    for (let k = 0; k < plane; k++) {
      if (grid[k + 6 * plane] !== 1) continue;
      const nn: Vec3 = [grid[k + 3 * plane], grid[k + 4 * plane], grid[k + 5 * plane]];
      if (Math.hypot(...nn) < 0.5) continue;
      pts.push([grid[k], grid[k + plane], grid[k + 2 * plane]]);
      nrm.push(nn);
    }
    if (pts.length === 0) continue;
    let convex = true;
    for (let a = 0; a < pts.length && convex; a++) {
      const h0 = dot(nrm[a], pts[a]);
      for (let c = 0; c < pts.length && convex; c++) if (dot(nrm[a], pts[c]) - h0 > tol) convex = false;
    }
    // the hull test only for a bulging face (the rule asks for both; it is the costly half)
    let hull = 0;
    for (let a = 0; a < pts.length && convex && withHull; a++) {
      const h0 = dot(nrm[a], pts[a]);
      let beyond = 0;
      for (let k = 0; k < P.length && beyond <= tol; k += 3) beyond = Math.max(beyond, P[k] * nrm[a][0] + P[k + 1] * nrm[a][1] + P[k + 2] * nrm[a][2] - h0);
      if (beyond <= tol) hull++;
    }
    let longest = 0;
    for (const d of [[1, 0, 0], [0, 1, 0], [0, 0, 1]] as Vec3[]) {
      const [lo, hi] = extent(i, d);
      longest = Math.max(longest, hi - lo);
    }
    const across = (area: number) => (longest > 0 ? Math.max(area, 0) / longest / small : 0);
    out.set(i, { samples: pts.length, convex, hullShare: hull / pts.length, width: across(g.faces[i].area), surfaceWidth: across(gridArea) });
  }
  return out;
}

/** Whether the tier called a face a cavity class ({@link CAVITY_CLASSES}) or `other_feature`: the calls the skin rules may overturn. */
function calledCavityOrOther(classOf: (face: number) => string | null): (face: number) => boolean {
  return (i) => {
    const c = classOf(i) ?? '';
    return c === 'other_feature' || CAVITY_CLASSES.has(c);
  };
}

/** A curved face is on the part's convex hull when at least this share of its samples' tangent planes support the part. */
export const MIN_HULL_SHARE = 0.9;

/**
 * 1 per curved face (not a plane) that is the outer skin of a cast, printed or turned body: it bulges outwards
 * ({@link bulgeFacts}: every sample behind every other sample's tangent plane), lies on the part's convex hull
 * (≥ {@link MIN_HULL_SHARE} of its samples' tangent planes support the part), meets no neighbour concavely (directly
 * or through a concave blend), and the tier (`classOf(face)`) called it a cavity class ({@link CAVITY_CLASSES}) or
 * `other_feature`; else 0. No cavity has such a face (its faces are concave or meet the cavity's other faces
 * concavely), and a protrusion's curved side meets the body it stands on concavely. Rounds, chamfers and holes keep
 * the tier's call. docs/recognition.md, "Stock: curved outer skin" (session 7).
 */
export function convexSkinStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  const called = calledCavityOrOther(classOf);
  const candidates = part.faces.filter((f) => !isCanonicalPlane(part, f) && f.surface && called(f.index)).map((f) => f.index);
  if (candidates.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const sharp = candidates.filter((i) => edgeShares(g, g.faces[i]).concave === 0);
  for (const [i, b] of bulgeFacts(part, sharp, g)) if (b.convex && b.hullShare >= MIN_HULL_SHARE) out[i] = 1;
  return out;
}

/** Surface types a cast or printed skin is made of: free-form, not a machining tool's plane, cylinder, cone, sphere or torus. */
const FREE_FORM_SURFACES: ReadonlySet<string> = new Set(['bspline', 'extrusion', 'revolution', 'offset', 'other']);

/**
 * A free-form skin patch is wide: its width across ({@link BulgeFacts.surfaceWidth}, area on the exact surface ÷ longest
 * extent ÷ the part's smallest extent) is at least this. A blend (a free-form round or chamfer strip, a corner patch) is
 * narrow. Dev margins per body (real tune files, free-form faces with no concave edge; `tools/stock/free-form-margins.ts`;
 * docs/recognition.md, "Session 8: stock faces"): printed skins labelled stock 0.47–1.12 (D11, D31), rounds ≤ 0.051
 * (D31), D10's narrow jaw pieces 0.24–0.25; 0.35 lies between. Not separated: D10's wide free-form jaw faces (labelled
 * `other_feature`, an appendage that meets the body without a concave edge) at 0.49–0.62 — no tier calls them a cavity
 * or `other_feature` today.
 */
export const MIN_FREE_FORM_SKIN_WIDTH = 0.35;

/**
 * 1 per free-form face ({@link FREE_FORM_SURFACES}: B-spline, revolution, extrusion, offset) that is a cast or printed
 * body's outer skin: it meets no neighbour concavely (directly or through a concave blend), it is wide
 * ({@link MIN_FREE_FORM_SKIN_WIDTH}: not a blend), and the tier (`classOf(face)`) called it a cavity class
 * ({@link CAVITY_CLASSES}) or `other_feature`; else 0. Unlike {@link convexSkinStockFaces} the face need not bulge or lie
 * on the convex hull: a cast skin has saddles and dips. The tiers' cavity rules are written for analytic walls and floors,
 * and no cavity face meets all its neighbours convexly or tangentially (its floor and walls meet concavely); a free-form
 * appendage meets the body it stands on concavely. Rounds, chamfers and holes keep the tier's call. docs/labelling.md:
 * cast or printed skins that are part of the body are stock.
 */
export function freeFormSkinStockFaces(part: Readonly<Part>, classOf: (face: number) => string | null, graph?: FeatureGraph): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  const called = calledCavityOrOther(classOf);
  const candidates = part.faces.filter((f) => FREE_FORM_SURFACES.has(f.surfaceType) && canonicalKinds(part).faces[f.index] === null && f.surface && called(f.index)).map((f) => f.index);
  if (candidates.length === 0) return out;
  const g = graph ?? buildFeatureGraphFromPart(part, canonicalFitter);
  const sharp = candidates.filter((i) => edgeShares(g, g.faces[i]).concave === 0);
  for (const [i, b] of bulgeFacts(part, sharp, g, { hull: false })) if (b.surfaceWidth >= MIN_FREE_FORM_SKIN_WIDTH) out[i] = 1;
  return out;
}
