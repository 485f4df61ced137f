import type { RecognitionOutput, RecognizedFace, RecognizedFeature, Tier } from './recognizer.js';

/** The stock class id of the 25-class vocabulary. */
const STOCK_CLASS_ID = 24;
/** `other_feature`: a face outside the 25 classes (Tier 2's fallback). */
const OTHER_FEATURE_CLASS_ID = 25;
/** `chamfer` and `round`. */
const BLEND_CLASS_IDS: ReadonlySet<number> = new Set([0, 23]);

/**
 * How two tiers' answers on the same part are combined face by face ({@link combineTierAnswers}).
 * The default ({@link DEFAULT_TIER_COMBINATION}) was chosen by measurement on the generated and real dev
 * parts (docs/recognition.md, "Tiers combined per face").
 */
export interface TierCombinationRule {
  /**
   * The tier whose answer is the base (shipped: Tier 2). Either tier may be primary whatever the order of
   * the recognizers: the orchestrator asks the other one after whichever of the two answers first.
   */
  primaryTier: Tier;
  /** The tier asked as well, for the faces the rule gives it (shipped: Tier 1). */
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
  /** The secondary's class wins (where it wins at all) only when its own probability is at least this (0: any). */
  minSecondaryProbability: number;
  /**
   * A face the primary leaves as `other_feature` (no class of the vocabulary: Tier 2's fallback) takes the
   * secondary's class, whatever the probabilities.
   */
  secondaryWhereOtherFeature: boolean;
  /**
   * A face the secondary calls stock is stock whatever the primary says. With Tier 2 primary (the shipped
   * rule) it gives Tier 1's stock calls, its stock-envelope test included, the last word: on the real
   * dev files the stock area called features falls from 20.3 to 16.6 % per part, at no generated cost.
   */
  secondaryStock: boolean;
  /**
   * With `secondaryStock`: the secondary's stock call wins only where the secondary is surer of it than the primary
   * of its own class (a face the primary left as `other_feature` still takes the secondary's class through
   * `secondaryWhereOtherFeature`). Absent: `false`, the stock call always wins.
   */
  secondaryStockWhenSurer?: boolean;
}

/**
 * The shipped rule (see {@link TierCombinationRule}): **Tier 2 as primary** — Tier 2's class on every face,
 * except that a face Tier 2 leaves as `other_feature` (no rule explained it) takes Tier 1's class, and a
 * face Tier 1 calls stock (its own envelope test included) is stock where Tier 1 is surer of it than Tier 2 of its
 * class (session 16: where Tier 2 is the surer, its through steps, through slots and chamfers on the real dev files
 * were right and Tier 1's stock call wrong; real tune 89.8 → 90.2 %, generated dev 95.2 → 95.5 % per face in the
 * default pipeline, OCCT and MFCAD tune unchanged; the tool chose it in 23 of 24 leave-one-file-out folds; real tune
 * stock faces called features 56 → 58 of 322; docs/recognition.md "Session 16"). No probability threshold. Re-chosen with
 * `tools/calibration/rechoose-combination.ts` (dev sets: the 24 real `tune` files, 200 generated parts of
 * seed 101; `tools/calibration/results/combination-rechoice.md`): this rule 68.8 / 91.0 % per face
 * (real / generated), stock area called features 16.6 / 0.0 %; Tier 2 alone 66.0 / 90.0 %; the earlier
 * rule (Tier 1 where its p ≥ 0.8, else the surer, Tier 2 stock) 65.8 / 90.5 %. Leaving one real file out
 * at a time, the same choice was made in 20 of 24 folds (estimate 67.7 % on the file left out). Rerun the
 * tool when either tier changes.
 */
export const DEFAULT_TIER_COMBINATION: TierCombinationRule = {
  primaryTier: 2,
  secondaryTier: 1,
  minPrimaryProbability: 0,
  secondaryMargin: 0,
  minSecondaryProbability: 0,
  secondaryStock: true,
  secondaryStockWhenSurer: true,
  secondaryWhereOtherFeature: true,
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
 * feature left without faces is dropped, and a secondary feature's remnant joins the one primary feature of its class
 * that the rest of it overlaps: `joinSecondaryRemnants`); the part-level confidence is the mean of the chosen faces'
 * probabilities, so it estimates the share of faces labelled right when those are calibrated. Faces are
 * matched by `faceIndex`; a face only one tier labelled keeps that tier's answer.
 *
 * @example
 * ```ts
 * // the shipped rule's primary is Tier 2: its answer first
 * const both = combineTierAnswers(tier2Output, tier1Output, DEFAULT_TIER_COMBINATION);
 * both.faces.filter((f) => f.tier === 1).length; // faces Tier 2 left as other_feature, or Tier 1 calls stock
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
  joinSecondaryRemnants(features, secondary.features, rule.primaryTier);
  const facesByTier: Partial<Record<Tier, number>> = {};
  for (const f of faces) facesByTier[f.tier] = (facesByTier[f.tier] ?? 0) + 1;
  const confidence = faces.length > 0 ? faces.reduce((s, f) => s + f.probability, 0) / faces.length : 0;
  return { faces, features, confidence, facesByTier, ...(primary.details ? { details: primary.details } : {}) };
}

/**
 * A secondary feature cut down to the faces the secondary won (the primary left them unexplained) is a remnant: where the
 * secondary saw one feature, the rest of which is one primary feature of the same class, the remnant's faces are that
 * feature's too — the secondary's instance says they belong together, and the class agrees. `features` is edited in place
 * (the remnant is dropped, its faces and bottom faces added to the primary feature). A remnant whose secondary feature
 * overlaps no primary feature of its class, or several, stays as it is; so do rounds and chamfers (the blend pass groups
 * them by operation: a secondary blend instance often spans several).
 */
function joinSecondaryRemnants(features: CombinedFeature[], secondaryFeatures: readonly RecognizedFeature[], primaryTier: Tier): void {
  const primaryOf = new Map<number, number>();
  features.forEach((f, k) => {
    if (f.tier === primaryTier) for (const x of f.faces) primaryOf.set(x, k);
  });
  const dropped = new Set<number>();
  features.forEach((remnant, k) => {
    if (remnant.tier === primaryTier || remnant.composite || BLEND_CLASS_IDS.has(remnant.classId)) return;
    const whole = secondaryFeatures.find((s) => s.classId === remnant.classId && remnant.faces.every((x) => s.faces.includes(x)));
    if (!whole) return;
    const hosts = new Set(whole.faces.map((x) => primaryOf.get(x)).filter((h): h is number => h !== undefined && features[h].classId === remnant.classId && !features[h].composite));
    if (hosts.size !== 1) return;
    const host = features[[...hosts][0]];
    host.faces = [...host.faces, ...remnant.faces].sort((a, b) => a - b);
    host.bottomFaces = [...host.bottomFaces, ...remnant.bottomFaces].sort((a, b) => a - b);
    dropped.add(k);
  });
  if (dropped.size === 0) return;
  const kept = features.filter((_, k) => !dropped.has(k));
  features.length = 0;
  features.push(...kept);
}

function prefersSecondary(p: RecognizedFace, s: RecognizedFace, rule: TierCombinationRule): boolean {
  if (rule.secondaryStock && s.classId === STOCK_CLASS_ID && (!rule.secondaryStockWhenSurer || s.probability > p.probability)) return p.classId !== STOCK_CLASS_ID;
  if (s.probability < rule.minSecondaryProbability) return false;
  if (rule.secondaryWhereOtherFeature && p.classId === OTHER_FEATURE_CLASS_ID) return s.classId !== OTHER_FEATURE_CLASS_ID;
  if (p.probability >= rule.minPrimaryProbability) return false;
  return s.probability > p.probability + rule.secondaryMargin;
}
