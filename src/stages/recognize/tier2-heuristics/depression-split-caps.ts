/**
 * Open sides of a depression through other features' faces: a feature that runs from a stock face to
 * another feature (a passage from the top down to a step's floor, a passage from the bottom up into a
 * pocket's floor) meets stock on one side only, so the rules see it as half of a feature. Here a
 * non-stock planar face counts as an open side ("cap") of the depression when it meets the depression along
 * a convex arc, faces a principal direction `d`, and lies at the depression's far end along `d` (no face of
 * the depression reaches beyond its plane) — exactly how a stock face would close it.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { otherFace } from './feature-graph.js';
import { skinOpenDirsOf, type Depression, type RuleContext } from './rule-context.js';
import { extentAlong } from './measure-parameters.js';
import { allPerpendicularTo } from './depression-shape.js';
import { dot3 } from '../../../geometry/vec3.js';


/** Direction ids of non-stock cap faces of `faces` (see the file comment); stock directions are not repeated. */
export function capDirsOf(ctx: RuleContext, faces: readonly number[], stockDirs: ReadonlySet<number>): Set<number> {
  const { graph, isStock } = ctx;
  const inside = new Set(faces);
  const out = new Set<number>();
  const reach = new Map<number, number>();
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      if (arc.convexity !== 'convex') continue;
      const o = otherFace(arc, f);
      if (isStock[o] || inside.has(o)) continue;
      const g = graph.faces[o];
      if (g.kind !== 'plane' || !g.normal) continue;
      const d = ctx.dirOf(g.normal);
      if (d < 0 || stockDirs.has(d) || out.has(d)) continue;
      const v = ctx.dirVector(d);
      let far = reach.get(d);
      if (far === undefined) {
        far = extentAlong(ctx, faces, v)[1];
        reach.set(d, far);
      }
      if (dot3(g.origin, v) >= far - ctx.tolMm) out.add(d);
    }
  return out;
}

/**
 * Far ends of prisms: when every face of the group is parallel to principal axis k (planar normals ⟂ k,
 * curved axes ∥ k), nothing can close the group along k, so a group open to stock at one end of k and
 * meeting a non-stock face across k along a convex arc (where it runs out into another feature) is open at
 * the other end too. Returns the direction ids of those far ends.
 */
export function prismEndDirsOf(ctx: RuleContext, faces: readonly number[], openDirs: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < 3; k++) {
    const hasPos = openDirs.has(2 * k), hasNeg = openDirs.has(2 * k + 1);
    if (hasPos === hasNeg || !allPerpendicularTo(ctx, faces, k)) continue;
    if (!runsIntoFeatureAcross(ctx, faces, k)) continue;
    out.add(hasPos ? 2 * k + 1 : 2 * k);
  }
  return out;
}

/** True when some face meets a non-stock face outside the group, not parallel to axis k, along a convex arc. */
function runsIntoFeatureAcross(ctx: RuleContext, faces: readonly number[], k: number): boolean {
  const { graph, isStock } = ctx;
  const inside = new Set(faces);
  const a = ctx.axes[k];
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      if (arc.convexity !== 'convex') continue;
      const o = otherFace(arc, f);
      if (isStock[o] || inside.has(o)) continue;
      const g = graph.faces[o];
      if (g.normal ? Math.abs(dot3(g.normal, a)) > 0.03 : !(g.axis && Math.abs(dot3(g.axis, a)) > 0.9995)) return true;
    }
  return false;
}

/**
 * Variants of the depression with more open sides, most specific first: with its cap faces as open sides,
 * then also with the far ends of prisms; last, for a depression open to a stock side, with the sides it opens to
 * through tilted faces (`skinOpenDirsOf`, any tilted plane: a slot cut in from a side a step took). Empty when none
 * adds a side.
 */
export function withOpenSidesThroughFeatures(ctx: RuleContext, dep: Depression): Depression[] {
  const out: Depression[] = [];
  const caps = capDirsOf(ctx, dep.faces, dep.stockDirs);
  const capped = new Set([...dep.stockDirs, ...caps]);
  if (caps.size > 0) out.push({ faces: dep.faces, stockDirs: capped });
  const ends = prismEndDirsOf(ctx, dep.faces, capped);
  if (ends.size > 0) out.push({ faces: dep.faces, stockDirs: new Set([...capped, ...ends]) });
  // a cut that opens to a stock side and, through a tilted skin face (a slanted step's face), to the side that face
  // replaced: its sides are the stock's and the skin's (a slot cut in from a side a slanted step took)
  const skin = [...skinOpenDirsOf(ctx, dep.faces, true)].filter((d) => !dep.stockDirs.has(d));
  if (skin.length > 0 && dep.stockDirs.size > 0) out.push({ faces: dep.faces, stockDirs: new Set([...dep.stockDirs, ...skin]) });
  return out;
}
