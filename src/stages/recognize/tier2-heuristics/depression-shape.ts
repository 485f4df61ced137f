/**
 * Shape summary of a depression: its open stock sides, bottom faces (facing an open side), walls,
 * slanted and curved faces and distinct wall directions — what the planar rules branch on.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { Depression, RuleContext } from './rule-context.js';
import { oppositeDir, PARALLEL_COS } from './rule-context.js';
import type { GraphFace } from './feature-graph.js';
import { isHollowFreeformBlend, tangentNeighbours } from './blend-faces.js';
import { dot3 } from '../../../geometry/vec3.js';

/** @internal */
export interface DepressionShape {
  /** Principal axes (0..2) whose both stock sides the depression opens to. */
  throughAxes: number[];
  /** Open stock directions that are not part of a through pair. */
  openDirs: number[];
  /** Planar faces whose normal is an open direction (they face out of the part). */
  bottoms: number[];
  /** Planar faces that are not bottoms. */
  walls: number[];
  /** Planar faces not parallel to a principal direction. */
  slanted: number[];
  /** Cylinder/cone/sphere/torus faces, but for corner radii. */
  curved: number[];
  /**
   * Corner radii: cylinders (or free-form concave blends) tangent to two non-parallel planar faces of the depression (the rounded corner
   * a cutter leaves between two walls, or between a wall and a floor). They belong to the feature but do
   * not change its shape (a rounded notch is still a rectangular slot), so the rules do not count them as curved.
   */
  corners: number[];
  /** Distinct outward normals of the walls. */
  wallNormalCount: number;
  /** Direction id per face (-1 when slanted/curved). */
  dir: Map<number, number>;
}


/** Summarise a depression. */
export function describeDepression(ctx: RuleContext, dep: Depression): DepressionShape {
  const S = dep.stockDirs;
  const throughAxes: number[] = [];
  for (let k = 0; k < 3; k++) if (S.has(2 * k) && S.has(2 * k + 1)) throughAxes.push(k);
  const openDirs = [...S].filter((d) => !S.has(oppositeDir(d)));
  const bottoms: number[] = [], walls: number[] = [], slanted: number[] = [], curved: number[] = [], corners: number[] = [];
  const inGroup = new Set(dep.faces);
  const dir = new Map<number, number>();
  const normals: Vec3[] = [];
  for (const fi of dep.faces) {
    const f = ctx.graph.faces[fi];
    if (f.kind !== 'plane' || !f.normal) {
      (isCornerRadius(ctx, inGroup, f) ? corners : curved).push(fi);
      dir.set(fi, -1);
      continue;
    }
    const d = ctx.dirOf(f.normal);
    dir.set(fi, d);
    if (d < 0) slanted.push(fi);
    if (d >= 0 && S.has(d) && !S.has(oppositeDir(d))) bottoms.push(fi);
    else {
      walls.push(fi);
      if (!normals.some((n) => dot3(n, f.normal!) > 0.9995)) normals.push(f.normal);
    }
  }
  return { throughAxes, openDirs, bottoms, walls, slanted, curved, corners, wallNormalCount: normals.length, dir };
}

function isCornerRadius(ctx: RuleContext, inGroup: ReadonlySet<number>, f: GraphFace): boolean {
  // a free-form concave blend (a variable-radius fillet, exported as a B-spline) between two walls or a wall and a floor
  // rounds the corner as a cylinder does
  if (!(f.kind === 'cylinder' && f.inward) && !isHollowFreeformBlend(ctx.graph, f)) return false;
  const planes = tangentNeighbours(ctx.graph, f).filter((o) => inGroup.has(o.index) && o.normal);
  for (let i = 0; i < planes.length; i++)
    for (let j = i + 1; j < planes.length; j++) if (Math.abs(dot3(planes[i].normal!, planes[j].normal!)) < PARALLEL_COS) return true;
  return false;
}

/**
 * True when two planar faces of the depression face opposite principal directions: the two side walls of a slot
 * (or a pocket's facing walls). A rectangular cut without such a pair has one wall where a slot has two — a step's
 * profile, whatever took the stock beside it (session 14).
 */
export function hasOpposedWalls(s: DepressionShape): boolean {
  const dirs = new Set([...s.dir.values()].filter((d) => d >= 0));
  return [...dirs].some((d) => dirs.has(oppositeDir(d)));
}

/** The principal axes (0..2) the depression's axis-aligned planar faces face along. */
export function faceAxes(s: DepressionShape): Set<number> {
  return new Set([...s.dir.values()].filter((d) => d >= 0).map((d) => d >> 1));
}

/** True when every planar face of the list is perpendicular to axis k (its normal has no k component). */
export function allPerpendicularTo(ctx: RuleContext, faces: readonly number[], axis: number): boolean {
  const a = ctx.axes[axis];
  return faces.every((fi) => {
    const f = ctx.graph.faces[fi];
    if (f.normal) return Math.abs(dot3(f.normal, a)) < 0.03;
    if (f.axis) return Math.abs(dot3(f.axis, a)) > 0.9995;
    return false;
  });
}

/**
 * {@link allPerpendicularTo}, but a B-Rep plane may lean towards axis k by up to {@link MAX_DRAFT_DEG}: the walls of a
 * cored window in a casting are drafted so the core draws out.
 */
export function allSquareOrDraftedTo(ctx: RuleContext, faces: readonly number[], axis: number): boolean {
  const a = ctx.axes[axis];
  return faces.every((fi) => {
    const f = ctx.graph.faces[fi];
    if (f.normal) return Math.abs(dot3(f.normal, a)) < (f.boundary ? MAX_DRAFT_SIN : 0.03);
    if (f.axis) return Math.abs(dot3(f.axis, a)) > 0.9995;
    return false;
  });
}

/** Outline of a prismatic feature from its planar walls. */
export type WallOutline = 'triangular' | 'rectangular' | 'six-sided';

/**
 * The outline a feature's walls come from. Walls that are pairwise parallel or perpendicular → rectangular,
 * however many survive (another feature may have cut one away) and however the rectangle is turned; else
 * four or more distinct wall normals → six-sided, as are three that all face within a half-turn (no triangle's walls
 * do: they face every way round; three such walls are what a later cut left of a polygon with more sides, session 13);
 * fewer → triangular.
 *
 * With the feature's depth direction given, walls drafted towards it (a cast or moulded pocket's walls lean by a few
 * degrees so the pattern draws out) are read square to it: each normal tilted from square by at most
 * {@link MAX_DRAFT_DEG} loses its component along the depth first, so a drafted rectangle stays a rectangle (B-Rep
 * faces only).
 */
export function wallOutline(ctx: RuleContext, s: DepressionShape, depth?: Vec3): WallOutline {
  const normals: Vec3[] = [];
  for (const fi of s.walls) {
    const f = ctx.graph.faces[fi];
    const raw = f.normal;
    // B-Rep faces only: a plane fitted to a segmented mesh leans by noise, and the mesh rules read its outline on their own
    const n = raw && depth && f.boundary ? undrafted(raw, depth) : raw;
    if (n && !normals.some((m) => dot3(m, n) > 0.9995)) normals.push(n);
  }
  let square = true;
  for (let i = 0; i < normals.length && square; i++)
    for (let j = i + 1; j < normals.length; j++) {
      const c = Math.abs(dot3(normals[i], normals[j]));
      if (c > 0.03 && c < 0.9995) {
        square = false;
        break;
      }
    }
  if (square) return 'rectangular';
  if (normals.length === 2 && Math.abs(dot3(normals[0], normals[1]) - HEXAGON_NEIGHBOUR_COS) < HEXAGON_COS_TOLERANCE) return 'six-sided';
  return normals.length >= 4 || (normals.length === 3 && withinHalfTurn(normals)) ? 'six-sided' : 'triangular';
}

/**
 * Two walls left of a prism whose normals turn by 60° (a 120° corner between them) are two neighbouring sides of a
 * regular hexagon, not a triangle's corner: a triangle has one corner of 120° at most and the generator's triangles
 * reach it only at their clipped extreme (tools/generator/mfgen/features.py, `_profile_shape`: corners 180° − apex and
 * apex / 2, apex 60–150°). A later cut leaves such two-wall pieces of a hexagonal passage or pocket (session 25: box
 * seed 126 part 19, two pieces of a 6-sided passage read as triangular).
 */
const HEXAGON_NEIGHBOUR_COS = 0.5;
/** ≈ ±0.5° round the 60° turn. */
const HEXAGON_COS_TOLERANCE = 0.0075;

/**
 * True when the planar faces' normals surround principal axis k: seen along k, no half-turn holds them all (the widest
 * gap between neighbouring normals is under 180° less 1°). Such faces close the cut on every side across k — a ring of
 * walls round it, a passage's profile — whereas a step's or slot's faces all face the side they open to (a slot's two
 * walls and floor leave a half-turn free, a step's faces more). Curved faces are left out.
 */
export function facesSurroundAxis(ctx: RuleContext, faces: readonly number[], axis: number): boolean {
  const a = ctx.axes[axis];
  // two directions across the axis
  const u = ctx.axes[(axis + 1) % 3];
  const v = ctx.axes[(axis + 2) % 3];
  const angles: number[] = [];
  for (const fi of faces) {
    const n = ctx.graph.faces[fi].normal;
    if (!n || Math.abs(dot3(n, a)) > 0.9995) continue;
    angles.push(Math.atan2(dot3(n, v), dot3(n, u)));
  }
  if (angles.length < 3) return false;
  angles.sort((x, y) => x - y);
  let widest = angles[0] + 2 * Math.PI - angles[angles.length - 1];
  for (let i = 1; i < angles.length; i++) widest = Math.max(widest, angles[i] - angles[i - 1]);
  return widest < Math.PI - Math.PI / 180;
}

/** Largest draft angle (degrees) a wall may lean towards its feature's depth direction and still be read as square to it. */
export const MAX_DRAFT_DEG = 10;
const MAX_DRAFT_SIN = Math.sin((MAX_DRAFT_DEG * Math.PI) / 180);

/** A wall normal `n` with its draft towards unit `depth` taken out (at most {@link MAX_DRAFT_DEG}); else `n` itself. */
function undrafted(n: Vec3, depth: Vec3): Vec3 {
  const c = dot3(n, depth);
  if (Math.abs(c) > MAX_DRAFT_SIN || c === 0) return n;
  const m: Vec3 = [n[0] - c * depth[0], n[1] - c * depth[1], n[2] - c * depth[2]];
  const l = Math.hypot(m[0], m[1], m[2]);
  return [m[0] / l, m[1] / l, m[2] / l];
}

/** Three wall normals (all square to one direction) leave a gap of at least a half-turn (less ≈ 1°) between two of them. */
function withinHalfTurn(normals: readonly Vec3[]): boolean {
  const [u, a, b] = normals;
  // the plane the normals lie in: u and the component of the first normal not parallel to it
  const other = Math.abs(dot3(u, a)) < 0.9995 ? a : b;
  const c: Vec3 = [u[1] * other[2] - u[2] * other[1], u[2] * other[0] - u[0] * other[2], u[0] * other[1] - u[1] * other[0]];
  const len = Math.hypot(c[0], c[1], c[2]);
  const w: Vec3 = [c[0] / len, c[1] / len, c[2] / len];
  const v: Vec3 = [w[1] * u[2] - w[2] * u[1], w[2] * u[0] - w[0] * u[2], w[0] * u[1] - w[1] * u[0]];
  const angles = normals.map((n) => Math.atan2(dot3(n, v), dot3(n, u))).sort((x, y) => x - y);
  let widest = angles[0] + 2 * Math.PI - angles[angles.length - 1];
  for (let k = 1; k < angles.length; k++) widest = Math.max(widest, angles[k] - angles[k - 1]);
  return widest >= Math.PI - Math.PI / 180;
}
