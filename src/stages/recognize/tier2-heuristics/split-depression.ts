/**
 * The second chance for a depression that no rule explains. On MFCAD (tuning portion) such a depression
 * is almost always one feature that meets stock on one side only and runs out into another feature on
 * the other (a passage from the top into a step's ceiling, half of a passage cut by a crossing one):
 * crossing features meet along convex arcs, so they are already separate depressions, and what is missing
 * is the open side. The candidates are the same faces with open sides through other features' faces
 * (see `depression-split-caps.ts`), most specific first; the first one a rule explains is returned.
 * Depressions of several features joined by concave arcs are not partitioned (none showed up on MFCAD).
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';
import { withOpenSidesThroughFeatures } from './depression-split-caps.js';

/**
 * Candidate single-feature depressions for `dep`, to be tried against the rules again.
 * @param explains - whether the rules explain a candidate; without it the most specific candidate is returned.
 * @returns at most one candidate (the faces of `dep` with more open sides), or none.
 */
export function splitDepression(ctx: RuleContext, dep: Depression, explains: (d: Depression) => boolean = () => true): Depression[] {
  for (const v of withOpenSidesThroughFeatures(ctx, dep)) if (explains(v)) return [v];
  return [];
}
