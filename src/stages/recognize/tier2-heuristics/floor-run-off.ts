/**
 * Where a pocket-like depression (entered from one stock side, a floor facing it) has no wall: its floor runs off
 * over an edge into another cut instead. The pocket rule asks only that the walls be square to each other; it
 * never asks whether they close the outline. Two walls meeting at one corner, with the floor dropping off over a
 * convex edge on both other sides, are a corner cut-out — a blind step by its shape (docs/labelling.md: labels
 * follow the shape left; D05's four corner cut-outs open into the walls of two crossing slots).
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';
import { oppositeDir } from './rule-context.js';
import type { DepressionShape } from './depression-shape.js';
import { otherFace } from './feature-graph.js';

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
 * True when a rectangular pocket match is a corner cut-out: exactly two walls' directions, square to each
 * other, none facing back, and the floor runs off over a convex edge into another cut on both open sides
 * ({@link floorRunOffDirs}). Curved or slanted faces (other than corner radii) rule it out.
 */
export function isCornerCutOut(ctx: RuleContext, dep: Depression, s: DepressionShape, floors: readonly number[]): boolean {
  if (s.curved.length > 0 || s.slanted.length > 0) return false;
  const wallDirs = new Set(s.walls.map((f) => s.dir.get(f)!));
  if (wallDirs.size !== 2 || wallDirs.has(-1)) return false;
  const [a, b] = [...wallDirs];
  if (a >> 1 === b >> 1) return false;
  return floorRunOffDirs(ctx, dep, s, floors).length === 2;
}
