/**
 * Splits a depression that no rule explains (several intersecting features) into candidate single
 * features.
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';

export function splitDepression(_ctx: RuleContext, _dep: Depression): Depression[] {
  return [];
}
