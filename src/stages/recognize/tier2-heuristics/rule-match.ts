import type { Depression, RuleContext } from './rule-context.js';

/** One feature a rule recognised. @internal */
export interface RuleMatch {
  /** AAGNet class id (25-class vocabulary). */
  classId: number;
  faces: number[];
  bottomFaces: number[];
  /** Rule confidence in [0, 1]. */
  confidence: number;
  parameters: Record<string, number>;
  /** Which rule produced it (for debugging and docs). */
  rule: string;
  /**
   * Further features of the same face group, machined before this one (a counterbore's bore, a
   * countersink's cone): each its own instance; `faces` of this match excludes theirs.
   */
  parts?: RuleMatch[];
}

/** A rule: looks at one depression (or face group) and answers a match or null. @internal */
export type FeatureRule = (ctx: RuleContext, dep: Depression) => RuleMatch | null;

/** The 25-class ids the rules emit (see `AAGNET_CLASS_NAMES`). @internal */
export const CLASS = {
  chamfer: 0,
  throughHole: 1,
  triangularPassage: 2,
  rectangularPassage: 3,
  sixSidesPassage: 4,
  triangularThroughSlot: 5,
  rectangularThroughSlot: 6,
  circularThroughSlot: 7,
  rectangularThroughStep: 8,
  twoSidesThroughStep: 9,
  slantedThroughStep: 10,
  oring: 11,
  blindHole: 12,
  triangularPocket: 13,
  rectangularPocket: 14,
  sixSidesPocket: 15,
  circularEndPocket: 16,
  rectangularBlindSlot: 17,
  vCircularEndBlindSlot: 18,
  hCircularEndBlindSlot: 19,
  triangularBlindStep: 20,
  circularBlindStep: 21,
  rectangularBlindStep: 22,
  round: 23,
  stock: 24,
} as const;
