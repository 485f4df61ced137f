/**
 * Context-aware face probabilities (`face-context-confidence.ts`): the model's arithmetic on hand-written
 * answers, the fitting tool recovering known weights, and the pipeline on a real part (D08 of the shared
 * real-world set, real AAGNet session and Tier 2; skipped when the shared folder is absent): classes and
 * tiers unchanged, each face's probability the pass-aware model's on the final answer (after the base-body and
 * hole passes), the part confidence their mean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import {
  combineTierAnswers,
  contextProbability,
  DEFAULT_TIER_COMBINATION,
  FACE_CONTEXT_MODEL,
  runRecognizers,
  withContextProbabilities,
  type FaceContextModel,
  type RecognitionOutput,
  type RecognizeContext,
} from '../../src/stages/recognize/index.js';
import { faceContextFeatures, isPassAware, logit, withPassAwareProbabilities } from '../../src/stages/recognize/face-context-confidence.js';
import { facePassSources } from '../../src/stages/recognize/pass-sources.js';
import { applyBaseBodyStock, BASE_BODY_STOCK_PROBABILITY, OUTLINE_WALL_STOCK_PROBABILITY } from '../../src/stages/recognize/base-body-pass.js';
import { groupCompositeHoles } from '../../src/stages/recognize/composite-holes.js';
import { fitLogistic, type Sample } from '../../tools/calibration/face-context-fit.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const face = (faceIndex: number, classId: number, probability: number) => ({ faceIndex, stepId: faceIndex + 100, classId, className: `c${classId}`, probability });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('withContextProbabilities (hand-written answers)', () => {
  // Tier 2 primary; faces 0 and 1 have the same own probability, and only face 0's class is Tier 1's too.
  const tier2: RecognitionOutput = {
    faces: [face(0, 1, 0.8), face(1, 12, 0.8), face(2, 25, 0.005), face(3, 24, 0.99)],
    features: [{ type: 'through_hole', classId: 1, faces: [0], bottomFaces: [], confidence: 0.8, parameters: {} }],
    confidence: 0,
  };
  const tier1: RecognitionOutput = { faces: [face(0, 1, 0.9), face(1, 1, 0.7), face(2, 23, 0.6), face(3, 24, 0.95)], features: [], confidence: 0 };
  const combined = combineTierAnswers(tier2, tier1, DEFAULT_TIER_COMBINATION);
  const out = withContextProbabilities(combined, tier2, tier1, 1);

  it('keeps classes, tiers and features; the part confidence is the mean of the new face probabilities', () => {
    expect(out.faces.map((f) => [f.faceIndex, f.classId, f.tier])).toEqual(combined.faces.map((f) => [f.faceIndex, f.classId, f.tier]));
    expect(out.features).toEqual(combined.features);
    expect(out.confidence).toBeCloseTo(out.faces.reduce((s, f) => s + f.probability, 0) / out.faces.length, 12);
  });

  it('each probability is the logistic of the weighted context features (computed by hand for face 0 and face 2)', () => {
    const m = FACE_CONTEXT_MODEL;
    const z0 = m.intercept + m.logitProbability * logit(0.8) + m.tiersAgree + m.agreeingLogitProbability * logit(0.9);
    expect(out.faces[0].probability).toBeCloseTo(sigmoid(z0), 12);
    // face 2: Tier 2 said other_feature, so it carries Tier 1's answer (class 23, p 0.6), tiers disagree
    const z2 = m.intercept + m.logitProbability * logit(0.6) + m.fromSecondary;
    expect(out.faces[2].tier).toBe(1);
    expect(out.faces[2].probability).toBeCloseTo(sigmoid(z2), 12);
  });

  it('with the shipped weights, a face both tiers agree on is surer than one they disagree on at the same own probability', () => {
    expect(out.faces[0].probability).toBeGreaterThan(out.faces[1].probability);
  });
});

describe('withPassAwareProbabilities (hand-written answers)', () => {
  const model: FaceContextModel = {
    intercept: 0.2,
    logitProbability: 0.4,
    tiersAgree: 0.9,
    fromSecondary: -0.5,
    agreeingLogitProbability: 0.5,
    holePass: 2.3,
    baseBodyStock: 0.8,
    outlineStock: 1.4,
    classOffsets: { through_hole: 0.4, c12: -0.6 },
  };
  const final: RecognitionOutput = {
    faces: [face(0, 1, 0.8), { ...face(1, 12, 0.8), className: 'c12' }, { ...face(2, 1, 0.3), className: 'through_hole' }, face(3, 24, 0.73)],
    features: [],
    confidence: 0,
  };
  const x = new Map([
    [0, { logitProbability: logit(0.8), tiersAgree: 1, fromSecondary: 0, agreeingLogitProbability: logit(0.9) }],
    [1, { logitProbability: logit(0.8), tiersAgree: 0, fromSecondary: 0, agreeingLogitProbability: 0 }],
    [2, { logitProbability: logit(0.3), tiersAgree: 0, fromSecondary: 1, agreeingLogitProbability: 0 }],
    [3, { logitProbability: logit(0.6), tiersAgree: 0, fromSecondary: 0, agreeingLogitProbability: 0 }],
  ]);
  const sources = new Map([[0, 'tier'], [1, 'tier'], [2, 'hole'], [3, 'base']] as const);
  const out = withPassAwareProbabilities(final, x, sources, model);

  it('tier faces: context + class offset; hole-pass faces: + holePass; base-body faces: the constant and their flag only', () => {
    expect(out.faces[0].probability).toBeCloseTo(sigmoid(0.2 + 0.4 * logit(0.8) + 0.9 + 0.5 * logit(0.9)), 12); // className c1: no offset
    expect(out.faces[1].probability).toBeCloseTo(sigmoid(0.2 + 0.4 * logit(0.8) - 0.6), 12);
    expect(out.faces[2].probability).toBeCloseTo(sigmoid(0.2 + 0.4 * logit(0.3) - 0.5 + 2.3 + 0.4), 12);
    expect(out.faces[3].probability).toBeCloseTo(sigmoid(0.2 + 0.8), 12);
    expect(out.confidence).toBeCloseTo(out.faces.reduce((s, f) => s + f.probability, 0) / 4, 12);
    expect(out.faces.map((f) => f.classId)).toEqual(final.faces.map((f) => f.classId));
  });

  it('refuses a model without pass weights', () => {
    expect(() => withPassAwareProbabilities(final, x, sources, { ...model, holePass: undefined })).toThrow(/pass weights/);
  });
});

describe('facePassSources', () => {
  it('base-body and outline-wall turns, hole-pass class changes, the rest the tiers', () => {
    const before: RecognitionOutput = { faces: [face(0, 14, 0.9), face(1, 14, 0.9), face(2, 2, 0.9), face(3, 1, 0.9)], features: [], confidence: 0 };
    const afterBase: RecognitionOutput = { ...before, faces: [{ ...face(0, 24, BASE_BODY_STOCK_PROBABILITY) }, face(1, 24, OUTLINE_WALL_STOCK_PROBABILITY), face(2, 2, 0.9), face(3, 1, 0.9)] };
    const final: RecognitionOutput = { ...afterBase, faces: [...afterBase.faces.slice(0, 2), face(2, 1, 0.9), face(3, 1, 0.9)] };
    expect([...facePassSources(before, afterBase, final)]).toEqual([[0, 'base'], [1, 'outline'], [2, 'hole'], [3, 'tier']]);
  });
});

describe('fitLogistic (tools/calibration/face-context-fit.ts)', () => {
  it('recovers the weights that generated the data', () => {
    const truth: FaceContextModel = { intercept: -0.5, logitProbability: 0.7, tiersAgree: 1.2, fromSecondary: -0.4, agreeingLogitProbability: 0.3 };
    let seed = 7;
    const rand = () => {
      // mulberry32: a small seeded generator, so the test is deterministic
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const make = (n: number): Sample[] =>
      Array.from({ length: n }, () => {
        const x = { logitProbability: 4 * rand() - 2, tiersAgree: rand() < 0.6 ? 1 : 0, fromSecondary: rand() < 0.2 ? 1 : 0, agreeingLogitProbability: 0 };
        x.agreeingLogitProbability = x.tiersAgree ? 3 * rand() - 1 : 0;
        const y = rand() < contextProbability(x, truth) ? 1 : 0;
        return { x: [1, x.logitProbability, x.tiersAgree, x.fromSecondary, x.agreeingLogitProbability], y, part: 'p' };
      });
    const fitted = fitLogistic([make(20000), make(20000)], 1);
    for (const k of Object.keys(truth) as (keyof FaceContextModel)[]) expect([k, Math.abs(Number(fitted[k]) - Number(truth[k])) < 0.2]).toEqual([k, true]);
  });
});

describe.skipIf(!HAS_SHARED)(sharedTitle('context probabilities in the pipeline on a real part (D08, real AAGNet session and Tier 2)'), () => {
  const noop = () => undefined;
  const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
  const recognizers = createDefaultRecognizers();
  afterAll(async () => {
    for (const r of recognizers) await r.dispose?.();
  });

  it('classes and tiers as without the model; each face probability is the pass-aware model’s on the final answer; confidence is their mean', async () => {
    const part = buildPartFromStep(readStep(readFileSync(join(REALWORLD_DIR, 'parts', 'D08__Seeedstudio_Mounting_Plate_SO101.step'))));
    const own = (await runRecognizers(part, recognizers, ctx, { contextProbabilities: false })).result;
    const { result } = await runRecognizers(part, recognizers, ctx);
    expect(isPassAware(FACE_CONTEXT_MODEL)).toBe(true);
    expect(result.faces.map((f) => [f.faceIndex, f.classId, f.tier])).toEqual(own.faces.map((f) => [f.faceIndex, f.classId, f.tier]));
    const [tier1, tier2] = [await recognizers[0].recognize(part, ctx), await recognizers[1].recognize(part, ctx)];
    const both = combineTierAnswers(tier2, tier1, DEFAULT_TIER_COMBINATION);
    const x = faceContextFeatures(both, tier2, tier1, 1);
    const afterBase = applyBaseBodyStock(part, both);
    const final = groupCompositeHoles(part, afterBase);
    const expected = withPassAwareProbabilities(final, new Map(both.faces.map((f, i) => [f.faceIndex, x[i]])), facePassSources(both, afterBase, final), FACE_CONTEXT_MODEL);
    const byFace = new Map(expected.faces.map((f) => [f.faceIndex, f.probability]));
    for (const f of result.faces) {
      expect(f.probability).toBeGreaterThan(0);
      expect(f.probability).toBeLessThan(1);
      expect(f.probability).toBeCloseTo(byFace.get(f.faceIndex)!, 9);
    }
    expect(result.confidence).toBeCloseTo(result.faces.reduce((s, f) => s + f.probability, 0) / result.faces.length, 9);
    // the model moves the probabilities: not the tiers' own
    expect(result.faces.some((f, i) => Math.abs(f.probability - own.faces[i].probability) > 0.01)).toBe(true);
  });
});
