/**
 * Threads modelled as faces: a depression of free-form faces only (helical flanks and crest) that winds
 * round the axis of an inward cylinder it touches — the tap-drill wall, whose lands meet the thread's
 * flanks along convex edges, so the thread is a depression of its own. Its faces take the hole's class:
 * through when the thread opens to both stock sides along the axis, else blind. The composite-hole pass
 * joins thread and bore into one `threaded_hole` and measures the pitch from the helices.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { otherFace } from './feature-graph.js';
import { isThreadFace } from './hole-rule.js';
import { oppositeDir } from './rule-context.js';

export const threadRule: FeatureRule = (ctx, dep) => {
  const faces = dep.faces.map((i) => ctx.graph.faces[i]);
  if (faces.some((f) => f.kind !== 'other')) return null;
  for (const f of faces)
    for (const ai of ctx.graph.neighbours[f.index]) {
      const ref = ctx.graph.faces[otherFace(ctx.graph.arcs[ai], f.index)];
      if (ref.kind !== 'cylinder' || !ref.inward || !ref.axis || !faces.every((x) => isThreadFace(x, ref))) continue;
      const d = ctx.dirOf(ref.axis);
      const through = d >= 0 && dep.stockDirs.has(d) && dep.stockDirs.has(oppositeDir(d));
      return { classId: through ? CLASS.throughHole : CLASS.blindHole, faces: dep.faces, bottomFaces: [], confidence: 0.8, parameters: {}, rule: 'thread' };
    }
  return null;
};
