import type { RecognitionOutput, RecognizedFace, RecognizedFeature, Tier } from './recognizer.js';

/** The stock class id of the 25-class vocabulary. */
const STOCK_CLASS_ID = 24;

/**
 * How two tiers' answers on the same part are combined face by face ({@link combineTierAnswers}).
 * The default ({@link DEFAULT_TIER_COMBINATION}) was chosen by measurement on the generated and real dev
 * parts (docs/recognition.md, "Tiers combined per face").
 */
export interface TierCombinationRule {
  /** The tier whose answer is the base (Tier 1). */
  primaryTier: Tier;
  /** The tier asked as well, for the faces the primary is unsure of (Tier 2). */
  secondaryTier: Tier;
  /**
   * A face keeps the primary's class when its (calibrated) probability is at least this; below it, the
   * secondary's class is taken when the secondary is surer ({@link TierCombinationRule.secondaryMargin}).
   */
  minPrimaryProbability: number;
  /**
   * Below `minPrimaryProbability`, the secondary's class wins only when its probability exceeds the
   * primary's by this much (0: the surer tier wins).
   */
  secondaryMargin: number;
  /**
   * A face the secondary calls stock is stock whatever the primary says. On the dev data (after Tier 1's
   * own stock-envelope test) this takes over 4 real faces, all stock (large convex cylinders: the stock
   * area called features falls from 18.7 to 16.6 % per part), and 8 generated faces, all
   * `slanted_through_step` (0.07 points of accuracy there).
   */
  secondaryStock: boolean;
}

/**
 * The shipped rule (see {@link TierCombinationRule}): Tier 1's class where its calibrated probability is
 * at least 0.8; below that the surer of the two tiers; and a face Tier 2 calls stock is stock. Chosen with
 * `tools/calibration/choose-combination.ts` after Tier 2 got rules for every class (dev sets: 200 generated
 * parts of seed 101, the 24 real `tune` files): Tier 1 alone 82.0 / 61.3 %, Tier 2 alone 90.0 / 66.0 %,
 * this rule 91.0 / 65.8 % per face (generated / real) with the least stock area called features of the
 * three (20.3 % vs 22.1 % for Tier 2 alone, per real part). With the earlier Tier 2 the same tool chose a
 * threshold of 0 (Tier 2 was less accurate than Tier 1 on every set); rerun it when either tier changes.
 */
export const DEFAULT_TIER_COMBINATION: TierCombinationRule = {
  primaryTier: 1,
  secondaryTier: 2,
  minPrimaryProbability: 0.8,
  secondaryMargin: 0,
  secondaryStock: true,
};

/** A recognized face with the tier whose class it carries. */
export type CombinedFace = RecognizedFace & { tier: Tier };
/** A feature with the tier that found it. */
export type CombinedFeature = RecognizedFeature & { tier: Tier };

/** The combined answer: the output shape, faces and features marked with their tier. */
export interface CombinedOutput extends RecognitionOutput {
  faces: CombinedFace[];
  features: CombinedFeature[];
  /** Faces per tier. */
  facesByTier: Partial<Record<Tier, number>>;
}

/**
 * Combines two tiers' answers on one part face by face: each face takes the primary tier's class unless
 * the rule gives it to the secondary; each feature keeps the faces that carry its tier's answer (a
 * feature left without faces is dropped); the part-level confidence is the mean of the chosen faces'
 * probabilities, so it estimates the share of faces labelled right when those are calibrated. Faces are
 * matched by `faceIndex`; a face only one tier labelled keeps that tier's answer.
 *
 * @example
 * ```ts
 * const both = combineTierAnswers(tier1Output, tier2Output, DEFAULT_TIER_COMBINATION);
 * both.faces.filter((f) => f.tier === 2).length; // faces Tier 1 was unsure of
 * ```
 */
export function combineTierAnswers(primary: RecognitionOutput, secondary: RecognitionOutput, rule: TierCombinationRule): CombinedOutput {
  const second = new Map<number, RecognizedFace>();
  for (const f of secondary.faces) second.set(f.faceIndex, f);
  const chosen = new Map<number, Tier>();
  const faces: CombinedFace[] = [];
  for (const f of primary.faces) {
    const s = second.get(f.faceIndex);
    const takeSecondary = s !== undefined && prefersSecondary(f, s, rule);
    const face = takeSecondary ? s : f;
    const tier = takeSecondary ? rule.secondaryTier : rule.primaryTier;
    chosen.set(f.faceIndex, tier);
    faces.push({ ...face, tier });
    second.delete(f.faceIndex);
  }
  for (const s of second.values()) {
    chosen.set(s.faceIndex, rule.secondaryTier);
    faces.push({ ...s, tier: rule.secondaryTier });
  }
  const stockFaces = new Set(faces.filter((f) => f.classId === STOCK_CLASS_ID).map((f) => f.faceIndex));
  const features: CombinedFeature[] = [];
  for (const [output, tier] of [
    [primary, rule.primaryTier],
    [secondary, rule.secondaryTier],
  ] as const) {
    for (const feat of output.features) {
      const keep = (fi: number) => chosen.get(fi) === tier && !stockFaces.has(fi);
      const kept = feat.faces.filter(keep);
      if (kept.length === 0) continue;
      features.push({ ...feat, faces: kept, bottomFaces: feat.bottomFaces.filter(keep), tier });
    }
  }
  const facesByTier: Partial<Record<Tier, number>> = {};
  for (const f of faces) facesByTier[f.tier] = (facesByTier[f.tier] ?? 0) + 1;
  const confidence = faces.length > 0 ? faces.reduce((s, f) => s + f.probability, 0) / faces.length : 0;
  return { faces, features, confidence, facesByTier, ...(primary.details ? { details: primary.details } : {}) };
}

function prefersSecondary(p: RecognizedFace, s: RecognizedFace, rule: TierCombinationRule): boolean {
  if (rule.secondaryStock && s.classId === STOCK_CLASS_ID) return p.classId !== STOCK_CLASS_ID;
  if (p.probability >= rule.minPrimaryProbability) return false;
  return s.probability > p.probability + rule.secondaryMargin;
}
