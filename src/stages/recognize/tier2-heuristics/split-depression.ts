/**
 * Splits a depression that no rule explains (several intersecting features) into candidate single
 * features.
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';
import { withOpenSidesThroughFeatures } from './depression-split-caps.js';

export function splitDepression(ctx: RuleContext, dep: Depression, explains: (d: Depression) => boolean = () => true): Depression[] {
  for (const v of withOpenSidesThroughFeatures(ctx, dep)) if (explains(v)) return [v];
  return [];
}
