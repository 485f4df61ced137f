/**
 * The second chance for a depression that no rule explains. It does not partition the depression: it
 * tries the same faces again with more open sides. On MFCAD (tuning portion) such a depression is almost
 * always one feature that meets stock on one side only and runs out into another feature on the other (a
 * passage from the top into a step's ceiling, half of a passage cut by a crossing one): crossing features
 * meet along convex arcs, so they are already separate depressions, and what is missing is the open side.
 * The candidates are the same faces with open sides through other features' faces (see
 * `depression-split-caps.ts`), most specific first; the first one a rule explains is returned.
 * Depressions of several features joined by concave arcs (e.g. a floor shared by two pockets) are left
 * unexplained: none showed up among the unexplained depressions on MFCAD, so no partitioning was written.
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';
import { withOpenSidesThroughFeatures } from './depression-split-caps.js';

/**
 * The faces of `dep` with open sides through other features, as the first candidate the rules explain.
 * @param explains - whether the rules explain a candidate; without it the most specific candidate is returned.
 * @returns the reopened depression (same faces, more open sides), or null when no candidate is explained.
 */
export function reopenDepression(ctx: RuleContext, dep: Depression, explains: (d: Depression) => boolean = () => true): Depression | null {
  for (const v of withOpenSidesThroughFeatures(ctx, dep)) if (explains(v)) return v;
  return null;
}
