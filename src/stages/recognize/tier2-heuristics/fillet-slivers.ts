/**
 * Slivers of a fillet: where a fillet loop runs round a pocket's floor and a cut through the pocket's corner (a hole
 * through its wall) or the loop's own sharp corners leave small free-form pieces between its cylinder and torus pieces,
 * those pieces meet the fillet along sharp edges on both sides (generated dev parts syn_s121_000006, syn_s122_000129:
 * 13–48° where a corner patch meets its fillets within 8°). No smooth neighbour makes them a corner patch, so they fell
 * to `other_feature` (or, in the default pipeline, to Tier 1's hole classes) and parted the fillet into instances.
 * @internal
 */
import { otherFace, type FeatureGraph, type GraphFace } from './feature-graph.js';
import type { BlendKind } from './blend-faces.js';

/** Two round radii are one within this share of the larger (B-Rep radii are exact; as the blend pass's `SAME_RADIUS_REL`). */
const SAME_RADIUS_REL = 0.01;

/**
 * A sliver is no larger than this many times its fillet's radius squared: the slivers seen are 0.5–0.8 r²; a
 * free-form face between two fillets that is larger (a cast skin panel, a variable-radius blend) is not a scrap of one.
 */
const MAX_SLIVER_AREA_R2 = 2;

/**
 * The radius of the fillet a free-form face is a sliver of, or null: a B-Rep free-form face (not stock, not already a
 * blend) that meets at least two round faces (cylinder, torus or sphere pieces already found to be rounds) of one
 * radius, and whose area is at most {@link MAX_SLIVER_AREA_R2} times that radius squared.
 */
export function filletSliverRadius(g: FeatureGraph, kinds: readonly (BlendKind | null)[], f: GraphFace): number | null {
  if (f.kind !== 'other' || !f.boundary || kinds[f.index]) return null;
  const radii: number[] = [];
  const seen = new Set<number>();
  for (const ai of g.neighbours[f.index]) {
    const o = g.faces[otherFace(g.arcs[ai], f.index)];
    if (seen.has(o.index) || kinds[o.index] !== 'round' || o.radius === null) continue;
    if (o.kind !== 'cylinder' && o.kind !== 'torus' && o.kind !== 'sphere') continue;
    seen.add(o.index);
    radii.push(o.radius);
  }
  for (let i = 0; i < radii.length; i++) {
    const r = radii[i];
    const same = radii.filter((x) => Math.abs(x - r) <= SAME_RADIUS_REL * Math.max(x, r)).length;
    if (same >= 2 && f.area <= MAX_SLIVER_AREA_R2 * r * r) return r;
  }
  return null;
}
