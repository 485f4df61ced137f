/**
 * The core of a segmented mesh's depression that no rule explains: the depression without its scraps. Where a pocket's
 * floor fillet or corner is a dense or free-form patch, the segmentation can leave a small piece of it as a face of
 * its own on a curved surface that is no blend (syn_s202_000058: a straight r0.61 floor fillet fitted as a torus of
 * major radius 110, meeting the floor and walls along concave arcs), or as a slanted plane. Such a piece lands in the
 * pocket's depression, and one curved face that is not a cylinder along the depth is enough for every pocket rule to
 * refuse the depression: the pocket and its radii then read as `round`.
 *
 * The scraps are left out, the faces left are grouped again as depressions, and the caller tries its rules on those.
 * Scraps that meet a round (a blend chain) go back to it ({@link scrapsOfRounds}): where a round's free-form face was
 * shredded into dozens of scraps inside a passage's depression (syn_s202_000096), they are the round's, not the
 * passage's. The others stay unexplained here and later join the feature they border most
 * (`mesh-unexplained-clusters.ts`). Mesh faces only: a B-Rep's faces are real faces.
 * @internal
 */
import { growRegion, otherFace } from './feature-graph.js';
import { findDepressions, type Depression, type RuleContext } from './rule-context.js';
import type { RuleMatch } from './rule-match.js';
import { MAX_BLEND_SCRAP_AREA_SHARE } from './mesh-blend-scraps.js';

/**
 * The depressions `dep` falls into without its mesh scraps: faces with triangles, each covering at most
 * {@link MAX_BLEND_SCRAP_AREA_SHARE} of the depression's area, on a curved surface or on a plane square to none of the
 * stock's axes (a pocket's floor and walls are square to them; a plane-fitted facet of a blend is not). Empty when
 * `dep` holds no such scrap, or nothing but scraps.
 */
export function meshDepressionCores(ctx: RuleContext, dep: Depression): Depression[] {
  const { faces } = ctx.graph;
  if (!dep.faces.some((f) => faces[f].triangles !== undefined)) return [];
  const total = dep.faces.reduce((a, f) => a + faces[f].area, 0);
  const isScrap = (fi: number) => {
    const f = faces[fi];
    if (f.triangles === undefined || f.area > MAX_BLEND_SCRAP_AREA_SHARE * total) return false;
    return f.kind !== 'plane' || ctx.dirOf(f.normal) < 0;
  };
  const core = new Set(dep.faces.filter((f) => !isScrap(f)));
  if (core.size === dep.faces.length || core.size === 0) return [];
  return findDepressions(ctx, (f) => core.has(f));
}

/**
 * The round a group of scraps left out of a depression's core belongs with: the curved scraps (connected over any arc)
 * that meet faces of a round chain (a blend chain of the `round` class) along concave or smooth arcs join the chain
 * they meet along the most such arcs. A shredded round's scraps meet its fitted pieces along creases as often as
 * smoothly (syn_s202_000096: counting smooth arcs only left 2,762 of the round's triangles with the passage beside it).
 * Planar scraps stay out: a chain a pocket takes in as its radii would bring them along, and the pocket's outline
 * would count them as walls (syn_s202_000068 read six-sided). Scraps left are for the general join of unexplained
 * faces (`mesh-unexplained-clusters.ts`), which runs after the outline.
 * @param faceRound - the round chain each face belongs to, if any
 * @returns per chain, the scraps that join it
 */
export function scrapsOfRounds(ctx: RuleContext, scraps: readonly number[], faceRound: ReadonlyMap<number, RuleMatch>): Map<RuleMatch, number[]> {
  const { graph } = ctx;
  const curved = scraps.filter((f) => graph.faces[f].kind !== 'plane');
  const left = new Set(curved);
  const seen = new Set<number>();
  const out = new Map<RuleMatch, number[]>();
  for (const s of curved) {
    if (seen.has(s)) continue;
    const group = growRegion(graph, s, seen, (o) => left.has(o), () => true);
    const contact = new Map<RuleMatch, number>();
    for (const f of group)
      for (const ai of graph.neighbours[f]) {
        const arc = graph.arcs[ai];
        const chain = faceRound.get(otherFace(arc, f));
        if (chain && arc.convexity !== 'convex') contact.set(chain, (contact.get(chain) ?? 0) + 1);
      }
    let best: RuleMatch | null = null;
    for (const [m, n] of contact) if (!best || n > contact.get(best)!) best = m;
    if (best) out.set(best, [...(out.get(best) ?? []), ...group]);
  }
  return out;
}
