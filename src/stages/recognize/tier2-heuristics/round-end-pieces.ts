/**
 * A slot's or obround pocket's round end that a later cut shortened to slivers: the end's cylinder pieces no longer
 * close the channel, so they read as corner fillets (blend faces) and the channel as one whose ends run out into other
 * cuts (a through slot). A corner radius is smaller than the channel's half-width; a round end's radius is the
 * half-width itself, and its axis stands along the channel's depth (session 25: box seed 128 part 14, plates seed 209
 * part 5).
 * @internal
 */
import { dot3 } from '../../../geometry/vec3.js';
import type { Vec3 } from '../../../model/index.js';
import { otherFace } from './feature-graph.js';
import { oppositeDir, type RuleContext } from './rule-context.js';
import type { DepressionShape } from './depression-shape.js';

/** A round end's diameter matches the gap between the channel's walls within this share of the gap. */
const HALF_WIDTH_SHARE = 0.02;

/**
 * The blend cylinders (inward, along `depth`) that meet a wall of the depression smoothly and whose diameter is the gap
 * between the depression's two facing walls: pieces of the channel's round ends. Empty when the depression has no pair
 * of facing walls or no such piece.
 */
export function roundEndPieces(ctx: RuleContext, faces: readonly number[], s: DepressionShape, depth: Vec3): number[] {
  const { graph } = ctx;
  const walls = s.walls.filter((f) => s.dir.get(f)! >= 0);
  let gap: number | null = null;
  for (const a of walls)
    for (const b of walls) {
      if (s.dir.get(b) !== oppositeDir(s.dir.get(a)!)) continue;
      const fa = graph.faces[a], fb = graph.faces[b];
      const g = Math.abs(dot3(fa.normal!, [fb.origin[0] - fa.origin[0], fb.origin[1] - fa.origin[1], fb.origin[2] - fa.origin[2]]));
      if (gap === null || g > gap) gap = g;
    }
  if (gap === null || gap <= 0) return [];
  const inDep = new Set(faces);
  const out = new Set<number>();
  for (const w of walls)
    for (const ai of graph.neighbours[w]) {
      const arc = graph.arcs[ai];
      if (arc.convexity !== 'smooth') continue;
      const o = otherFace(arc, w);
      const f = graph.faces[o];
      if (inDep.has(o) || !ctx.blend[o] || f.kind !== 'cylinder' || !f.inward || !f.axis || f.radius === null) continue;
      if (Math.abs(dot3(f.axis, depth)) < 0.9995 || Math.abs(2 * f.radius - gap) > HALF_WIDTH_SHARE * gap) continue;
      out.add(o);
    }
  return [...out].sort((a, b) => a - b);
}
