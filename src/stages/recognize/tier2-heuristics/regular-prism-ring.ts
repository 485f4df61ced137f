/**
 * Sides of a regular polygonal prism: a hexagon bar or nut, an octagonal boss. Its sides meet each other along
 * parallel convex edges at equal turns of 360°/n, and every turn of 60° (hexagon) or 45° (octagon) is also a
 * chamfer angle, so without this test a nut's flats that are not square to the stock axes read as chamfers
 * (OpenCascade's pump nut, P02 of labels/occt-samples). A chamfer bevels an edge between two faces unlike
 * itself; a regular prism's sides are alike: the same turn to each neighbour and the same size.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { otherFace, type FeatureGraph, type GraphFace } from './feature-graph.js';
import { cross3, dot3, projectedRange, vec3 } from '../../../geometry/vec3.js';

/** Fewest sides of a ring read as a regular prism (a four-sided ring is a box, whose sides no rule calls chamfers). */
const MIN_SIDES = 5;
/** Most sides: past 12 a ring of flats is a faceted cylinder, which other rules read. */
const MAX_SIDES = 12;
/** Tolerance on each turn between neighbouring sides' normals (degrees). */
const TURN_TOL_DEG = 1;
/** |cos| above which two edge directions count as parallel (≈ 1°). */
const PARALLEL_COS = Math.cos(Math.PI / 180);
/** Sides of one regular prism have the same width across and length along the axis within this share of the largest. */
const SIZE_TOL = 0.05;

const angleDeg = (a: Vec3, b: Vec3) => (Math.acos(Math.max(-1, Math.min(1, dot3(a, b)))) * 180) / Math.PI;

function unitCross(a: Vec3, b: Vec3): Vec3 | null {
  const e = cross3(vec3(), a, b);
  const l = Math.hypot(e[0], e[1], e[2]);
  return l > 1e-9 ? [e[0] / l, e[1] / l, e[2] / l] : null;
}

/** Planar neighbours of `f` across convex arcs that turn by `turnDeg` about an edge parallel to `axis`. */
function ringNeighbours(g: FeatureGraph, f: GraphFace, axis: Vec3, turnDeg: number): GraphFace[] {
  const out: GraphFace[] = [];
  for (const ai of g.neighbours[f.index]) {
    const arc = g.arcs[ai];
    if (arc.convexity !== 'convex') continue;
    const o = g.faces[otherFace(arc, f.index)];
    if (o.kind !== 'plane' || !o.normal || out.includes(o)) continue;
    const e = unitCross(f.normal!, o.normal);
    if (e && Math.abs(dot3(e, axis)) > PARALLEL_COS && Math.abs(angleDeg(f.normal!, o.normal) - turnDeg) <= TURN_TOL_DEG) out.push(o);
  }
  return out;
}

/**
 * The faces of the regular polygonal prism whose side planar face `f` is — a closed ring of 5 to 12 planar faces, each
 * meeting the next along a convex edge parallel to one axis, every turn 360°/n within 1°, all of one width across the
 * axis and one length along it within 5 % (read on their boundaries, so a hole or pocket opening in a flat does not count) —
 * or null when `f` is not such a side.
 * @internal
 */
export function regularPrismRing(g: FeatureGraph, f: GraphFace): GraphFace[] | null {
  if (f.kind !== 'plane' || !f.normal) return null;
  for (const ai of g.neighbours[f.index]) {
    if (g.arcs[ai].convexity !== 'convex') continue;
    const first = g.faces[otherFace(g.arcs[ai], f.index)];
    if (first.kind !== 'plane' || !first.normal) continue;
    const axis = unitCross(f.normal, first.normal);
    if (!axis) continue;
    const turn = angleDeg(f.normal, first.normal);
    const sides = Math.round(360 / turn);
    if (sides < MIN_SIDES || sides > MAX_SIDES || Math.abs(turn - 360 / sides) > TURN_TOL_DEG) continue;
    const ring = walkRing(g, f, first, axis, turn, sides);
    if (ring && sameSize(ring, axis)) return ring;
  }
  return null;
}

/** Walks from `start` through `next` round the ring; the ring's faces when it closes after exactly `sides` faces. */
function walkRing(g: FeatureGraph, start: GraphFace, next: GraphFace, axis: Vec3, turn: number, sides: number): GraphFace[] | null {
  const ring = [start];
  let prev = start;
  let cur = next;
  while (cur !== start) {
    if (ring.length >= sides || ring.includes(cur)) return null;
    ring.push(cur);
    const onward = ringNeighbours(g, cur, axis, turn).filter((o) => o !== prev);
    if (onward.length !== 1) return null;
    prev = cur;
    cur = onward[0];
  }
  return ring.length === sides ? ring : null;
}

function sameSize(ring: readonly GraphFace[], axis: Vec3): boolean {
  const along: number[] = [];
  const across: number[] = [];
  for (const f of ring) {
    if (!f.boundary || f.boundary.length === 0) return false;
    const a = projectedRange(f.boundary, axis);
    const b = projectedRange(f.boundary, cross3(vec3(), axis, f.normal!));
    along.push(a[1] - a[0]);
    across.push(b[1] - b[0]);
  }
  const alike = (xs: number[]) => {
    const hi = Math.max(...xs);
    return Number.isFinite(hi) && hi > 0 && Math.min(...xs) >= (1 - SIZE_TOL) * hi;
  };
  return alike(along) && alike(across);
}
