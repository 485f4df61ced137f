/**
 * A cut through a tilted flat of a bent sheet, read in that flat's own frame. The rules read open sides and walls by
 * the stock's principal directions, taken from the largest stock planes; a flange bent through another angle than 90°
 * has skins along none of them, so a hole through it opens to no known side (it read as a circular through slot) and a
 * notch in its edge as a through step. In the flat's frame — its skin normal, the bend axis in its plane, and their
 * cross product — the cut reads as on a flat plate (the turned bar's radial frame, turned-bar-frame.ts, is the same
 * idea for cuts in a bar).
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { cross3, vec3 } from '../../../geometry/vec3.js';
import { otherFace } from './feature-graph.js';
import { stockDirsOf, type Depression, type RuleContext } from './rule-context.js';
import { contextInFrame } from './turned-bar-frame.js';

/** The depression in the frame of the tilted sheet flat it is cut through, or null when it meets no tilted skin. */
export function inFlatFrame(ctx: RuleContext, dep: Depression): { ctx: RuleContext; dep: Depression } | null {
  if (ctx.sheetSkinAxis.size === 0) return null;
  const { graph } = ctx;
  for (const f of dep.faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      if (arc.convexity !== 'convex') continue;
      const o = otherFace(arc, f);
      const axis = ctx.sheetSkinAxis.get(o);
      const n = graph.faces[o].normal;
      if (!axis || !n || ctx.dirOf(n) >= 0) continue;
      const axes: [Vec3, Vec3, Vec3] = [[...n], [...axis], cross3(vec3(), n, axis)];
      const fctx = contextInFrame(ctx, axes);
      return { ctx: fctx, dep: { faces: dep.faces, stockDirs: stockDirsOf(fctx, dep.faces) } };
    }
  return null;
}
