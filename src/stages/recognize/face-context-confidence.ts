import type { RecognitionOutput, Tier } from './recognizer.js';
import type { CombinedOutput } from './combine-tiers.js';
import { FACE_CONTEXT_MODEL } from './face-context-model.js';
import type { FacePassSource } from './pass-sources.js';

/**
 * A small logistic model of "this face's class is right", on features of the face's context in a combined
 * answer. One probability per Tier 2 rule cannot be calibrated on generated and real parts at once (a rule
 * right on generated parts is often wrong on real ones); whether the two tiers agree on the face, and how
 * sure the other tier is then, tells the two apart. (The body's share of agreeing faces was tried as well:
 * it calibrated generated parts no better and tracked real part accuracy worse.) Fitted by `tools/calibration/fit-face-context.ts` (docs/recognition.md,
 * "Context-aware face probabilities").
 */
export interface FaceContextModel {
  /** Constant term. */
  intercept: number;
  /** Weight of logit(the chosen tier's own probability of the face). */
  logitProbability: number;
  /** Weight of "both tiers give the face the same class". */
  tiersAgree: number;
  /** Weight of "the face carries the secondary tier's answer". */
  fromSecondary: number;
  /** Weight of logit(the other tier's probability) where both tiers agree on the face (0 elsewhere). */
  agreeingLogitProbability: number;
  /**
   * Pass-aware models only (all three set): weight of "the hole pass changed the face's class". Such a model
   * is applied after the orchestrator's passes and scores the final class ({@link withPassAwareProbabilities}).
   */
  holePass?: number;
  /** Pass-aware models: weight of "the base-body pass turned the face to stock" (the face reads only the constant and this). */
  baseBodyStock?: number;
  /** Pass-aware models: weight of "the outline-wall pass turned the face to stock" (the face reads only the constant and this). */
  outlineStock?: number;
  /**
   * Pass-aware models, optional: an offset per final class name (faces the base-body pass did not turn),
   * so each class is calibrated on its own and a part's mix of classes does not shift its calibration.
   * A class without an entry has offset 0.
   */
  classOffsets?: Readonly<Record<string, number>>;
}

/** Whether `model` scores the final classes, after the orchestrator's passes. */
export function isPassAware(model: FaceContextModel): boolean {
  return model.holePass !== undefined && model.baseBodyStock !== undefined && model.outlineStock !== undefined;
}

/** The features {@link FaceContextModel} weighs, for one face. */
export interface FaceContextFeatures {
  logitProbability: number;
  tiersAgree: number;
  fromSecondary: number;
  agreeingLogitProbability: number;
}

const EPS = 1e-4;

/** logit(p), p clamped to [1e-4, 1 − 1e-4] so a probability of 0 or 1 stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

/** The model's probability for one face's features. */
export function contextProbability(x: FaceContextFeatures, model: FaceContextModel = FACE_CONTEXT_MODEL): number {
  const z =
    model.intercept +
    model.logitProbability * x.logitProbability +
    model.tiersAgree * x.tiersAgree +
    model.fromSecondary * x.fromSecondary +
    model.agreeingLogitProbability * x.agreeingLogitProbability;
  return 1 / (1 + Math.exp(-z));
}

/** Each face's context features in `combined`, the combination of `primary` and `secondary` (same order as `combined.faces`). */
export function faceContextFeatures(combined: CombinedOutput, primary: RecognitionOutput, secondary: RecognitionOutput, secondaryTier: Tier): FaceContextFeatures[] {
  const primaryClass = new Map(primary.faces.map((f) => [f.faceIndex, f.classId]));
  const secondaryClass = new Map(secondary.faces.map((f) => [f.faceIndex, f.classId]));
  const probability = new Map<number, [number, number]>();
  for (const f of primary.faces) probability.set(f.faceIndex, [f.probability, NaN]);
  for (const f of secondary.faces) probability.set(f.faceIndex, [probability.get(f.faceIndex)?.[0] ?? NaN, f.probability]);
  const agrees = (fi: number) => primaryClass.has(fi) && primaryClass.get(fi) === secondaryClass.get(fi);
  return combined.faces.map((f) => {
    const fromSecondary = f.tier === secondaryTier;
    const [p, s] = probability.get(f.faceIndex) ?? [NaN, NaN];
    const other = fromSecondary ? p : s;
    return {
      logitProbability: logit(f.probability),
      tiersAgree: agrees(f.faceIndex) ? 1 : 0,
      fromSecondary: fromSecondary ? 1 : 0,
      agreeingLogitProbability: agrees(f.faceIndex) && Number.isFinite(other) ? logit(other) : 0,
    };
  });
}

/**
 * The combined answer with each face's probability replaced by the context model's, and the part
 * confidence recomputed as their mean. Classes, tiers and features are unchanged.
 *
 * @example
 * ```ts
 * const both = combineTierAnswers(tier2Output, tier1Output, DEFAULT_TIER_COMBINATION);
 * const calibrated = withContextProbabilities(both, tier2Output, tier1Output, 1);
 * calibrated.confidence; // mean of calibrated.faces[].probability
 * ```
 */
export function withContextProbabilities(
  combined: CombinedOutput,
  primary: RecognitionOutput,
  secondary: RecognitionOutput,
  secondaryTier: Tier,
  model: FaceContextModel = FACE_CONTEXT_MODEL,
): CombinedOutput {
  const features = faceContextFeatures(combined, primary, secondary, secondaryTier);
  const faces = combined.faces.map((f, i) => ({ ...f, probability: contextProbability(features[i], model) }));
  const confidence = faces.length > 0 ? faces.reduce((s, f) => s + f.probability, 0) / faces.length : 0;
  return { ...combined, faces, confidence };
}

/**
 * The pipeline's final answer (after the base-body and hole passes) with each face's probability from the
 * pass-aware `model`: the face's context features in the combination (`features`, by face index, computed
 * before the passes) and what set its final class (`sources`, see {@link facePassSources}). A face the
 * base-body pass turned to stock reads only the constant and its pass's weight (its tiers spoke of another
 * class); the others add their final class's offset where the model has one. The part confidence is the mean of the new probabilities. Classes, tiers and features are unchanged.
 *
 * @example
 * ```ts
 * const features = new Map(faceContextFeatures(both, tier2, tier1, 1).map((x, i) => [both.faces[i].faceIndex, x]));
 * const final = groupCompositeHoles(part, applyBaseBodyStock(part, both));
 * withPassAwareProbabilities(final, features, sources, model).confidence; // mean face probability
 * ```
 */
export function withPassAwareProbabilities<O extends RecognitionOutput>(
  final: O,
  features: ReadonlyMap<number, FaceContextFeatures>,
  sources: ReadonlyMap<number, FacePassSource>,
  model: FaceContextModel,
): O {
  if (!isPassAware(model)) throw new Error('withPassAwareProbabilities: the model has no pass weights');
  const faces = final.faces.map((f) => {
    const x = features.get(f.faceIndex);
    const source = sources.get(f.faceIndex) ?? 'tier';
    if (x === undefined) return f;
    let z = model.intercept;
    if (source === 'base') z += model.baseBodyStock!;
    else if (source === 'outline') z += model.outlineStock!;
    else {
      z += model.logitProbability * x.logitProbability + model.tiersAgree * x.tiersAgree + model.fromSecondary * x.fromSecondary + model.agreeingLogitProbability * x.agreeingLogitProbability;
      if (source === 'hole') z += model.holePass!;
      z += model.classOffsets?.[f.className] ?? 0;
    }
    return { ...f, probability: 1 / (1 + Math.exp(-z)) };
  });
  const confidence = faces.length > 0 ? faces.reduce((s, f) => s + f.probability, 0) / faces.length : 0;
  return { ...final, faces, confidence };
}
