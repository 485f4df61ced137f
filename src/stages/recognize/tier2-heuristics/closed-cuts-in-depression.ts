/**
 * Closed cuts taken out of a depression no rule explains (segmented meshes). A depression joins faces across concave
 * arcs and across chains of fillets (`findDepressions`); on a segmented mesh those chains also hold scraps the
 * segmentation fitted as tori, spheres and cylinders where a round runs out into a pocket's corner, so an O-ring
 * groove cut into a pocket's floor, or a hole, ends up in the pocket's depression and the whole group reads as
 * nothing (generated part syn_s301_000090: a bull-nose pocket and the groove in its floor, 9.7 k triangles).
 *
 * Here the depression's faces are grouped by their own arcs only (concave, or smooth where one side is curved — the
 * links `findDepressions` makes without walking a fillet chain). A group the O-ring or hole rule explains is a closed
 * cut of its own: it is taken out, and the faces left are grouped again as depressions of their own.
 * @internal
 */
import type { AagArc } from '../../../model/index.js';
import { growRegion } from './feature-graph.js';
import { findDepressions, stockDirsOf, type Depression, type RuleContext } from './rule-context.js';
import type { FeatureRule, RuleMatch } from './rule-match.js';
import { oringRule } from './oring-rule.js';
import { holeRule } from './hole-rule.js';

/** The rules a closed cut inside a larger depression is tried with: features whose faces close round one axis. */
const CLOSED_CUT_RULES: readonly FeatureRule[] = [oringRule, holeRule];

/** What {@link splitOffClosedCuts} found: the closed cuts' matches and the rest of the depression, regrouped. */
export interface ClosedCutSplit {
  cuts: RuleMatch[];
  rest: Depression[];
}

/**
 * The closed cuts (O-ring grooves, holes) among the directly linked face groups of `dep`, and the depressions the
 * other faces form without them; null when no group of at least two faces (and not the whole depression) is one.
 */
export function splitOffClosedCuts(ctx: RuleContext, dep: Depression): ClosedCutSplit | null {
  const cuts: RuleMatch[] = [];
  const taken = new Set<number>();
  for (const group of directlyLinkedGroups(ctx, dep.faces)) {
    if (group.length < 2 || group.length === dep.faces.length) continue;
    const sub: Depression = { faces: group, stockDirs: stockDirsOf(ctx, group) };
    for (const rule of CLOSED_CUT_RULES) {
      const m = rule(ctx, sub);
      if (!m) continue;
      cuts.push(m);
      for (const f of group) taken.add(f);
      break;
    }
  }
  if (cuts.length === 0) return null;
  const left = new Set(dep.faces.filter((f) => !taken.has(f)));
  return { cuts, rest: findDepressions(ctx, (f) => left.has(f)) };
}

/** Connected groups of `faces` over concave arcs, and smooth arcs with a curved face on one side, between them. */
function directlyLinkedGroups(ctx: RuleContext, faces: readonly number[]): number[][] {
  const { graph } = ctx;
  const inside = new Set(faces);
  const curved = (f: number) => graph.faces[f].kind !== 'plane';
  const linked = (arc: AagArc) => arc.convexity === 'concave' || (arc.convexity === 'smooth' && (curved(arc.a) || curved(arc.b)));
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const s of faces) {
    if (seen.has(s)) continue;
    groups.push(growRegion(graph, s, seen, (o) => inside.has(o), linked).sort((x, y) => x - y));
  }
  return groups;
}
