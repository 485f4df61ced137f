/**
 * Where a pocket-like depression (entered from one stock side, a floor facing it) has no wall: its floor runs off
 * over an edge into another cut instead. The pocket rule asks only that the walls be square to each other; it
 * never asks whether they close the outline. Two walls meeting at one corner, with the floor dropping off over a
 * convex edge on both other sides, are a corner cut-out — a blind step by its shape (docs/labelling.md: labels
 * follow the shape left; D05's four corner cut-outs open into the walls of two crossing slots).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { Depression, RuleContext } from './rule-context.js';
import { oppositeDir } from './rule-context.js';
import type { DepressionShape } from './depression-shape.js';
import { otherFace } from './feature-graph.js';
import { extentAlong } from './measure-parameters.js';
import { extentOfPoints } from '../../../features/parameters/index.js';

/**
 * The directions `d` (ids) across the depth in which the depression has no wall facing back (no wall of
 * normal `-d`), and a floor face meets a face outside the group along a convex arc, that face non-stock and
 * planar with normal `d`: the wall of a deeper cut that the floor drops into. Only direction ids of the
 * depression's own wall normals are tried (a wall of normal `d` is the side the cut-out was entered from
 * across `d`; the open side faces it).
 */
export function floorRunOffDirs(ctx: RuleContext, dep: Depression, s: DepressionShape, floors: readonly number[]): number[] {
  const { graph } = ctx;
  const inGroup = new Set(dep.faces);
  const wallDirs = new Set(s.walls.map((f) => s.dir.get(f)!).filter((d) => d >= 0));
  const out: number[] = [];
  for (const d of wallDirs) {
    if (wallDirs.has(oppositeDir(d))) continue;
    const runsOff = floors.some((f) =>
      graph.neighbours[f].some((ai) => {
        const arc = graph.arcs[ai];
        const o = otherFace(arc, f);
        return arc.convexity === 'convex' && !inGroup.has(o) && !ctx.isStock[o] && !ctx.blend[o] && graph.faces[o].kind === 'plane' && ctx.dirOf(graph.faces[o].normal) === d;
      }),
    );
    if (runsOff) out.push(d);
  }
  return out;
}

/**
 * A corner cut-out's floor is at least this share of the part's diagonal wide across each wall. A narrower one is
 * a remnant that deeper cuts left of another feature, not a cut-out: on the generated dev parts the only other
 * match (syn_s101_000392) is a pocket's corner left 0.18 × 0.68 mm wide and 19 mm deep on a 92 mm part, which the
 * generator labels by its cut (a pocket); D05's cut-outs are about 10 % of its diagonal wide. Set from that one case.
 */
export const MIN_CUT_OUT_FLOOR_SHARE = 0.01;

/** The floor's extent along `dir`: from its boundary points (B-Rep) or, for a segmented mesh, its boxes. */
function floorWidth(ctx: RuleContext, floors: readonly number[], dir: Vec3): number {
  const faces = floors.map((f) => ctx.graph.faces[f]);
  if (faces.every((f) => f.boundary && f.boundary.length > 0)) {
    const pts = new Float64Array(faces.reduce((n, f) => n + f.boundary!.length, 0));
    let at = 0;
    for (const f of faces) {
      pts.set(f.boundary!, at);
      at += f.boundary!.length;
    }
    const [lo, hi] = extentOfPoints(pts, dir);
    return hi - lo;
  }
  const [lo, hi] = extentAlong(ctx, floors, dir);
  return hi - lo;
}

/**
 * True when a rectangular pocket match is a corner cut-out: exactly two walls' directions, square to each
 * other, none facing back, and the floor runs off over a convex edge into another cut on both open sides
 * ({@link floorRunOffDirs}), at least {@link MIN_CUT_OUT_FLOOR_SHARE} of the diagonal wide across each wall.
 * Curved or slanted faces (other than corner radii) rule it out.
 */
export function isCornerCutOut(ctx: RuleContext, dep: Depression, s: DepressionShape, floors: readonly number[]): boolean {
  if (s.curved.length > 0 || s.slanted.length > 0) return false;
  const wallDirs = new Set(s.walls.map((f) => s.dir.get(f)!));
  if (wallDirs.size !== 2 || wallDirs.has(-1)) return false;
  const [a, b] = [...wallDirs];
  if (a >> 1 === b >> 1) return false;
  if (floorRunOffDirs(ctx, dep, s, floors).length !== 2) return false;
  const minWidth = MIN_CUT_OUT_FLOOR_SHARE * ctx.graph.diagonalMm;
  return floorWidth(ctx, floors, ctx.dirVector(a)) >= minWidth && floorWidth(ctx, floors, ctx.dirVector(b)) >= minWidth;
}
