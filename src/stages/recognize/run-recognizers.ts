import { isCadlensError } from '../../errors/index.js';
import { withTimeout } from '../../resilience/with-timeout.js';
import { classify } from '../../resilience/classify-error.js';
import { abortBoundary } from '../../resilience/yield-to-event-loop.js';
import type { Part } from '../../model/index.js';
import type { RecognitionResult } from '../../result/index.js';
import type { RecognitionOutput, RecognizeContext, Recognizer, SkipReason, Tier } from './recognizer.js';
import { combineTierAnswers, DEFAULT_TIER_COMBINATION, type TierCombinationRule } from './combine-tiers.js';
import { groupCompositeHoles } from './composite-holes.js';
import { groupBlendInstances } from './blend-instances.js';
import { joinPassagePieces } from './passage-pieces.js';
import { joinFeaturePieces } from './feature-pieces.js';
import { applyBaseBodyStock } from './base-body-pass.js';
import { faceContextFeatures, isPassAware, withContextProbabilities, withPassAwareProbabilities, type FaceContextFeatures, type FaceContextModel } from './face-context-confidence.js';
import { facePassSources } from './pass-sources.js';
import { assertRecognizerOutput } from './check-recognizer-output.js';
import { askCanRecognize } from './ask-can-recognize.js';
import { mergeSameTierAnswers } from './merge-same-tier.js';
import { FACE_CONTEXT_MODEL } from './face-context-model.js';

/** One note of the orchestrator about a tier's answer (the result's `recognition.findings`). */
type RecognitionFinding = NonNullable<RecognitionResult['findings']>[number];

/** Options of {@link runRecognizers}. */
export interface RunRecognizersOptions {
  /** Only this tier may answer (evaluation, debugging); the others are skipped with `forced_tier`. */
  tier?: Tier;
  /** Deadline per recognizer call. @defaultValue 60_000 */
  timeoutMs?: number;
  /** Called for every recognizer failure, so the resilience layer (dead letters, audit) can record it. */
  onRecognizerError?: (error: unknown, recognizer: Recognizer) => void;
  /**
   * Combine answers per face. Within a tier: the later recognizers of the answering tier are asked too, and
   * each face keeps the first class it was given in preference order (a later one labels the faces the
   * earlier ones leave out or call `other_feature`; merge-same-tier.ts), so a recognizer placed in
   * front of a built-in one of its tier adds to it rather than replacing it. Across tiers: when a recognizer
   * of either of the rule's two tiers answers, the later recognizers of the other tier are asked too (merged
   * the same way), and each face takes the tier the rule gives it (`faces[].tier`). A recognizer that
   * declines or fails is in `skipped` and the answers before it stand. `false`: the first answer alone.
   * The across-tier step is never applied with a forced `tier`.
   * @defaultValue {@link DEFAULT_TIER_COMBINATION}
   */
  combine?: TierCombinationRule | false;
  /**
   * Where two tiers were combined, each face's probability comes from this context model and the part
   * confidence is their mean; classes are unchanged. A pass-aware model (the shipped one) is applied after
   * the base-body and hole passes and scores the final classes ({@link withPassAwareProbabilities}); an
   * older five-weight model before them ({@link withContextProbabilities}). `false`: the chosen tier's own probability.
   * @defaultValue the fitted `FACE_CONTEXT_MODEL`
   */
  contextProbabilities?: FaceContextModel | false;
}

/** A tier that did not answer, and why. */
export type SkippedTier = RecognitionResult['skipped'][number];

/**
 * The degradation orchestrator: asks each recognizer in preference order and returns the first answer,
 * merged per face with the answers of the later recognizers of its tier (merge-same-tier.ts), and
 * combined per face with the other tier of the combination rule when the answering recognizer is one of
 * the rule's two tiers and a recognizer of the other follows it (`combine`, on by default: Tier 2's answer
 * with Tier 1's where Tier 2 has no class or Tier 1 sees stock, see {@link DEFAULT_TIER_COMBINATION} and
 * {@link combineTierAnswers}; every face and feature carries the `tier` whose answer it is; `tier` of the
 * result is the first tier that answered).
 * A recognizer that declines, throws or times out never fails the analysis while a later one can still
 * answer; each skip is recorded with its reason (`model_unavailable`, `breaker_open`, `no_brep`,
 * `out_of_domain`, `timeout`, `error:<code>`, `forced_tier`). When no tier answers, the result has
 * `tier: null`, no faces, and the `skipped` list says why. When Tier 1 or Tier 2 answered, the faces of the
 * part's base body become stock ({@link applyBaseBodyStock}: a plate under its bosses, a turned bar's diameter) and composite holes
 * (counterbored, countersunk, counterdrilled) become one feature each ({@link groupCompositeHoles}), and so do the
 * rounds and chamfers of one blend operation ({@link groupBlendInstances}) and the pieces of one passage ({@link joinPassagePieces}) or of one pocket, slot, step or O-ring groove ({@link joinFeaturePieces}). A feature parameter that is not a finite number
 * is dropped from the answer and noted in `findings` (`RECOGNITION_PARAMETER_NOT_FINITE`).
 *
 * @throws CadlensError `ABORTED` when the context's signal aborts
 */
export async function runRecognizers(
  part: Readonly<Part>,
  recognizers: readonly Recognizer[],
  ctx: RecognizeContext,
  options: RunRecognizersOptions = {},
): Promise<{ result: RecognitionResult; skipped: SkippedTier[] }> {
  const skipped: SkippedTier[] = [];
  const skip = (r: Recognizer, reason: SkipReason, detail?: string) =>
    skipped.push({ tier: r.tier, recognizer: r.id, reason, ...(detail ? { detail } : {}) });
  for (const recognizer of recognizers) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
    if (options.tier !== undefined && recognizer.tier !== options.tier) {
      skip(recognizer, 'forced_tier', `tier ${options.tier} forced`);
      continue;
    }
    try {
      const can = await askCanRecognize(recognizer, part, ctx, options.timeoutMs ?? 60_000);
      if (!can.ok) {
        skip(recognizer, can.reason, can.detail);
        continue;
      }
      const first = await withTimeout((signal) => recognizer.recognize(part, { ...ctx, signal }), options.timeoutMs ?? 60_000, {
        signal: ctx.signal,
      });
      // An embedder's recognizer may answer out of the part's faces or with NaN: that is its failure, not the result's.
      assertRecognizerOutput(first, part, recognizer.id);
      const rule = options.combine === undefined ? DEFAULT_TIER_COMBINATION : options.combine;
      // Later recognizers of the answering tier label the faces this answer leaves without a class (merge-same-tier.ts).
      const sameTier = rule ? await askAll(part, laterOfTier(recognizers, recognizer, recognizer.tier), ctx, options, skip) : [];
      const answer = mergeSameTierAnswers([first, ...sameTier]);
      const otherTier = rule && options.tier === undefined ? partnerTier(rule, recognizer.tier) : null;
      const partners = otherTier === null ? [] : laterOfTier(recognizers, recognizer, otherTier);
      let passAware: { model: FaceContextModel; features: Map<number, FaceContextFeatures> } | null = null;
      let output: RecognitionOutput & { faces: (RecognitionOutput['faces'][number] & { tier?: Tier })[]; features: (RecognitionOutput['features'][number] & { tier?: Tier })[] } = {
        ...answer,
        faces: answer.faces.map((f) => ({ ...f, tier: recognizer.tier })),
        features: answer.features.map((f) => ({ ...f, tier: recognizer.tier })),
      };
      if (rule && partners.length > 0) {
        const answered = await askAll(part, partners, ctx, options, skip);
        if (answered.length > 0) {
          const second = mergeSameTierAnswers(answered);
          const [primary, secondary] = recognizer.tier === rule.primaryTier ? [answer, second] : [second, answer];
          const model = options.contextProbabilities === undefined ? FACE_CONTEXT_MODEL : options.contextProbabilities;
          const both = combineTierAnswers(primary, secondary, rule);
          // A pass-aware model scores the final classes: its features are read here, it is applied after the passes.
          if (model && isPassAware(model)) {
            const x = faceContextFeatures(both, primary, secondary, rule.secondaryTier);
            passAware = { model, features: new Map(both.faces.map((f, i) => [f.faceIndex, x[i]])) };
          }
          const combined = model && !passAware ? withContextProbabilities(both, primary, secondary, rule.secondaryTier, model) : both;
          // `details` stay the answering recognizer's (e.g. Tier 1's execution provider), whichever tier is primary.
          const { details: _primaryDetails, ...rest } = combined;
          output = { ...rest, ...(answer.details ? { details: answer.details } : {}) };
        }
      }
      // The passes below run synchronously after the recognizers' own long stretches: a due abort timer fires first.
      await abortBoundary(ctx.signal);
      // Tiers that label B-Rep faces: the base body's faces are stock (base-body-pass.ts), composite holes
      // become one feature (composite-holes.ts); a hole feature made by the pass says the tier most of its faces carry.
      const afterBase = recognizer.tier <= 2 ? applyBaseBodyStock(part, output) : output;
      const afterHoles = recognizer.tier <= 2 ? groupCompositeHoles(part, afterBase) : output;
      // ... and the blends of one fillet or chamfer operation one feature (blend-instances.ts; faces unchanged).
      // ... and the pieces of one passage a crossing cut took apart one feature (passage-pieces.ts; faces unchanged),
      // and so the pieces of one pocket, slot, step or O-ring groove (feature-pieces.ts; faces unchanged).
      const afterBlends = recognizer.tier <= 2 ? joinFeaturePieces(part, joinPassagePieces(part, groupBlendInstances(part, afterHoles))) : afterHoles;
      const grouped = passAware ? withPassAwareProbabilities(afterBlends, passAware.features, facePassSources(output, afterBase, afterHoles), passAware.model) : afterBlends;
      const faceTier = new Map(grouped.faces.map((f) => [f.faceIndex, (f as { tier?: Tier }).tier ?? recognizer.tier]));
      const tagged = grouped.features.map((f) => ((f as { tier?: Tier }).tier === undefined ? { ...f, tier: commonestTier(f.faces, faceTier, recognizer.tier) } : f));
      const { features, omitted } = finiteFeatures(tagged);
      return {
        result: {
          tier: recognizer.tier,
          recognizer: recognizer.id,
          nominalConfidence: recognizer.nominalConfidence,
          confidence: grouped.confidence,
          skipped,
          faces: grouped.faces,
          features,
          ...(omitted.length > 0 ? { findings: omitted } : {}),
          ...(output.details ? { details: jsonSafe(output.details) as Record<string, unknown> } : {}),
        },
        skipped,
      };
    } catch (error) {
      if (isCadlensError(error) && error.code === 'ABORTED') throw error;
      options.onRecognizerError?.(error, recognizer);
      skipForError(recognizer, error, skip);
    }
  }
  // No tier answered: still a result, so the reasons reach the caller.
  return {
    result: { tier: null, recognizer: null, nominalConfidence: 0, confidence: 0, skipped, faces: [], features: [] },
    skipped,
  };
}

/** Records a recognizer's failure as its skip reason. */
function skipForError(recognizer: Recognizer, error: unknown, skip: (r: Recognizer, reason: SkipReason, detail?: string) => void): void {
  // The code the dead letter gets too (a `fetch failed` is NETWORK there and here, not INTERNAL).
  const { code } = classify(error);
  if (code === 'TIMEOUT' || code === 'RECOGNIZER_TIMEOUT') skip(recognizer, 'timeout', errorMessage(error));
  else if (code === 'BREAKER_OPEN' || code === 'BREAKER_ISOLATED') skip(recognizer, 'breaker_open', errorMessage(error));
  else if (code === 'MODEL_UNAVAILABLE' || code === 'MODEL_LOAD_FAILED' || code === 'MODEL_CORRUPT') skip(recognizer, 'model_unavailable', errorMessage(error));
  else skip(recognizer, `error:${code}`, errorMessage(error));
}

/** The rule's other tier when `tier` is one of its two (whichever the rule makes primary), else null. */
function partnerTier(rule: TierCombinationRule, tier: Tier): Tier | null {
  if (tier === rule.primaryTier) return rule.secondaryTier;
  if (tier === rule.secondaryTier) return rule.primaryTier;
  return null;
}

/** The tier most of `faces` carry (a feature the hole-grouping pass made from a combined answer), else `otherwise`. */
function commonestTier(faces: readonly number[], faceTier: ReadonlyMap<number, Tier>, otherwise: Tier): Tier {
  const counts = new Map<Tier, number>();
  for (const fi of faces) {
    const t = faceTier.get(fi);
    if (t !== undefined) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best = otherwise, most = 0;
  for (const [t, n] of counts) if (n > most) ((best = t), (most = n));
  return best;
}

/** The recognizers of `tier` after `after`, in preference order. */
function laterOfTier(recognizers: readonly Recognizer[], after: Recognizer, tier: Tier): Recognizer[] {
  const from = recognizers.indexOf(after);
  return recognizers.slice(from + 1).filter((r) => r.tier === tier);
}

/** The answers of `asked` in order, leaving out those that declined or failed (their reasons go to `skipped`). */
async function askAll(
  part: Readonly<Part>,
  asked: readonly Recognizer[],
  ctx: RecognizeContext,
  options: RunRecognizersOptions,
  skip: (r: Recognizer, reason: SkipReason, detail?: string) => void,
): Promise<RecognitionOutput[]> {
  const answers: RecognitionOutput[] = [];
  for (const r of asked) {
    const answer = await askOne(part, r, ctx, options, skip);
    if (answer) answers.push(answer);
  }
  return answers;
}

/**
 * A further opinion (a later recognizer of the answering tier, or of the combination's other tier): its
 * answer, or null when it declines or fails — then its reason goes to `skipped` (the answers before it
 * stand; nothing is hidden).
 */
async function askOne(
  part: Readonly<Part>,
  recognizer: Recognizer,
  ctx: RecognizeContext,
  options: RunRecognizersOptions,
  skip: (r: Recognizer, reason: SkipReason, detail?: string) => void,
): Promise<RecognitionOutput | null> {
  try {
    const can = await askCanRecognize(recognizer, part, ctx, options.timeoutMs ?? 60_000);
    if (!can.ok) {
      skip(recognizer, can.reason, can.detail);
      return null;
    }
    const answer = await withTimeout((signal) => recognizer.recognize(part, { ...ctx, signal }), options.timeoutMs ?? 60_000, { signal: ctx.signal });
    assertRecognizerOutput(answer, part, recognizer.id);
    return answer;
  } catch (error) {
    if (isCadlensError(error) && error.code === 'ABORTED') throw error;
    options.onRecognizerError?.(error, recognizer);
    skipForError(recognizer, error, skip);
    return null;
  }
}

/**
 * The recognition slot when no recognizer may be asked: every one is skipped with `reason` (e.g.
 * `parse_failed` for a part whose parse stage failed: features of unverified geometry would be guesses).
 *
 * @example
 * ```ts
 * declineAll(recognizers, 'parse_failed', 'PARSE_NO_TRIANGLES: 10 face(s) but no triangles').tier; // null
 * ```
 */
export function declineAll(recognizers: readonly Recognizer[], reason: SkipReason, detail?: string): RecognitionResult {
  const skipped = recognizers.map((r) => ({ tier: r.tier, recognizer: r.id, reason, ...(detail ? { detail } : {}) }));
  return { tier: null, recognizer: null, nominalConfidence: 0, confidence: 0, skipped, faces: [], features: [] };
}

/**
 * A feature parameter must be a finite number (the result is JSON, and NaN means the recognizer could
 * not measure it): non-finite ones are omitted, each with a `RECOGNITION_PARAMETER_NOT_FINITE` finding.
 */
function finiteFeatures(features: RecognitionResult['features']): { features: RecognitionResult['features']; omitted: RecognitionFinding[] } {
  const omitted: RecognitionFinding[] = [];
  const out = features.map((f, i) => {
    const bad = Object.entries(f.parameters).filter(([, v]) => !Number.isFinite(v));
    if (bad.length === 0) return f;
    for (const [name, v] of bad)
      omitted.push({
        code: 'RECOGNITION_PARAMETER_NOT_FINITE',
        severity: 'warning',
        message: `feature ${i} (${f.type}, faces ${f.faces.join(',')}): ${name} is ${String(v)}, omitted`,
      });
    return { ...f, parameters: Object.fromEntries(Object.entries(f.parameters).filter(([, v]) => Number.isFinite(v))) };
  });
  return { features: out, omitted };
}

/**
 * The result is a JSON contract: typed arrays in a recognizer's details (Tier 4's three.js geometry)
 * become plain arrays, non-finite numbers become null.
 */
function jsonSafe(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
