/**
 * Fits the context model of the face probabilities (`src/stages/recognize/face-context-confidence.ts`) on
 * face records of both dev sets and measures it held out: real files leave-one-file-out (fitted on the other
 * real files and the generated parts), generated parts on one half with the model fitted on the other half
 * and the real files. The generated set weighs `GENERATED_WEIGHT` times the real one in every fit. Used by `fit-face-context.ts` and
 * `rechoose-combination.ts`.
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { combineTierAnswers, type TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';
import { faceContextFeatures, withContextProbabilities, type FaceContextModel } from '../../src/stages/recognize/face-context-confidence.js';
import { OTHER_FEATURE, type FaceRecord } from './face-records.js';
import { measureVariant, recordsByBody, tier1Output, tier2Output, type Measured, type Variant } from './combination-measure.js';
import { solve } from './logistic-fit.js';

const KEYS = ['intercept', 'logitProbability', 'tiersAgree', 'fromSecondary', 'agreeingLogitProbability'] as const;

/** One scored face: its feature vector (with the constant 1 first) and whether its class is right. */
export interface Sample {
  x: number[];
  y: number;
  part: string;
}

/** The faces of the combined answers (bodies Tier 1 answered) under `rule`, as fitting samples. */
function samples(records: readonly FaceRecord[], rule: TierCombinationRule, temperature: number): Sample[] {
  const out: Sample[] = [];
  for (const body of recordsByBody(records).values()) {
    const t1 = tier1Output(body, temperature, true);
    if (!t1) continue;
    const t2 = tier2Output(body);
    const [primary, secondary] = rule.primaryTier === 2 ? [t2, t1] : [t1, t2];
    const combined = combineTierAnswers(primary, secondary, rule);
    const features = faceContextFeatures(combined, primary, secondary, rule.secondaryTier);
    const truth = new Map(body.map((r) => [r.face, r.truth]));
    combined.faces.forEach((f, i) => {
      const t = truth.get(f.faceIndex);
      if (t === undefined || t < 0 || t === OTHER_FEATURE) return;
      const x = features[i];
      out.push({ x: [1, ...KEYS.slice(1).map((k) => x[k as Exclude<typeof k, 'intercept'>])], y: f.classId === t ? 1 : 0, part: body[0].part });
    });
  }
  return out;
}

/**
 * How much more the generated set weighs than the real one in the fit (each set's faces share its weight).
 * 2: the calibration target is on generated parts (face ECE ≤ 0.05; held out 0.044 at 2, 0.061 at 1:
 * over), and real ECE still falls (docs/recognition.md, "Context-aware face probabilities").
 */
export const GENERATED_WEIGHT = 2;

/**
 * Weighted logistic regression by Newton's method (a small ridge keeps it defined when a feature is
 * constant). `sets`: [real, generated]; each set's faces share the set's weight (1 and `generatedWeight`).
 */
export function fitLogistic(sets: readonly (readonly Sample[])[], generatedWeight = GENERATED_WEIGHT, ridge = 1e-3): FaceContextModel {
  const d = KEYS.length;
  const w = new Array(d).fill(0);
  w[1] = 1;
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array(d).fill(0);
    const h = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const [k, set] of sets.entries()) {
      const weight = (k === 1 ? generatedWeight : 1) / Math.max(1, set.length);
      for (const s of set) {
        const z = s.x.reduce((a, xi, i) => a + xi * w[i], 0);
        const p = 1 / (1 + Math.exp(-z));
        for (let i = 0; i < d; i++) {
          g[i] += weight * (p - s.y) * s.x[i];
          for (let j = 0; j < d; j++) h[i][j] += weight * p * (1 - p) * s.x[i] * s.x[j];
        }
      }
    }
    for (let i = 0; i < d; i++) {
      g[i] += ridge * (i === 1 ? w[i] - 1 : w[i]);
      h[i][i] += ridge;
    }
    const step = solve(h, g);
    for (let i = 0; i < d; i++) w[i] -= step[i];
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return Object.fromEntries(KEYS.map((k, i) => [k, w[i]])) as unknown as FaceContextModel;
}


/** The variant `base` (a combination rule) with its face probabilities from `model`. */
export function withModel(base: Variant, model: FaceContextModel): Variant {
  return { ...base, name: `${base.name} + context probabilities`, reprobability: (c, p, s, tier) => withContextProbabilities(c, p, s, tier, model) };
}

/** What the fit and its held-out measurement give. */
export interface ContextFit {
  model: FaceContextModel;
  /** Real files, each scored with the model fitted without it; generated: each half scored with the model fitted on the other. */
  heldOut: { real: Measured; gen: Measured };
  /** The same without the model (the rule's own probabilities). */
  before: { real: Measured; gen: Measured };
}

/** Fits the model on both sets and measures it held out (see the module comment). */
export function fitFaceContext(real: readonly FaceRecord[], gen: readonly FaceRecord[], base: Variant & { rule: TierCombinationRule }): ContextFit {
  const sReal = samples(real, base.rule, base.temperature);
  const sGen = samples(gen, base.rule, base.temperature);
  const model = fitLogistic([sReal, sGen]);
  const foldModels = new Map<string, FaceContextModel>();
  for (const f of new Set(real.map((r) => r.part))) foldModels.set(f, fitLogistic([sReal.filter((s) => s.part !== f), sGen]));
  const names = [...new Set(gen.map((r) => r.part))].sort();
  const half = new Set(names.filter((_, i) => i % 2 === 0));
  const genModels = [true, false].map((inHalf) => fitLogistic([sReal, sGen.filter((s) => half.has(s.part) !== inHalf)]));
  const realMeasured = measurePerGroup(real, base, (r) => r.part, (key) => foldModels.get(key)!);
  const genMeasured = measurePerGroup(gen, base, (r) => (half.has(r.part) ? 'a' : 'b'), (key) => genModels[key === 'a' ? 0 : 1]);
  return { model, heldOut: { real: realMeasured, gen: genMeasured }, before: { real: measureVariant(real, base), gen: measureVariant(gen, base) } };
}

/** Measures the records pooled, each body answered by `base`'s rule with the probabilities of its group's model. */
function measurePerGroup(records: readonly FaceRecord[], base: Variant & { rule: TierCombinationRule }, group: (r: FaceRecord) => string, modelOf: (key: string) => FaceContextModel): Measured {
  const rule = base.rule;
  return measureVariant(records, {
    ...base,
    name: 'held out',
    rule: (t1, t2, body) => {
      const [primary, secondary] = rule.primaryTier === 2 ? [t2, t1] : [t1, t2];
      return withContextProbabilities(combineTierAnswers(primary, secondary, rule), primary, secondary, rule.secondaryTier, modelOf(group(body[0])));
    },
  });
}

/** Writes the shipped model constant. */
export function writeModel(path: string, model: FaceContextModel, provenance: string): void {
  const body = KEYS.map((k) => `  ${k}: ${model[k].toFixed(4)},`).join('\n');
  writeFileSync(
    path,
    `/**
 * The shipped {@link FaceContextModel}. Written by \`tools/calibration/fit-face-context.ts\` (also run by
 * \`rechoose-combination.ts\`) — do not edit by hand. ${provenance}
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
${body}
});
`,
  );
}
