/**
 * Tiers combined per face: `combineTierAnswers` on hand-written answers (the rule's arithmetic), and
 * `runRecognizers` with the real tiers (AAGNet on onnxruntime-node, the heuristics, a real breaker) on a
 * hand-authored plate: every face and feature carries its tier, and a tier that declines is recorded in
 * `skipped`, never hidden; and the shipped rule on a real part (D08 of the shared real-world set: skipped
 * when the shared folder is absent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import {
  combineTierAnswers,
  createHeuristicRecognizer,
  DEFAULT_TIER_COMBINATION,
  guardWithBreaker,
  runRecognizers,
  type RecognitionOutput,
  type RecognizeContext,
  type TierCombinationRule,
} from '../../src/stages/recognize/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { baseBodyStockFaces } from '../../src/stages/recognize/base-body-stock.js';
import { convexFaceStockFaces } from '../../src/stages/recognize/stock-skin.js';
import { findProtrusions } from '../../src/stages/recognize/protrusion-faces.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

/** The earlier shipped direction (Tier 1 primary), for the rule's arithmetic. */
const TIER1_PRIMARY: TierCombinationRule = {
  primaryTier: 1,
  secondaryTier: 2,
  minPrimaryProbability: 0.8,
  secondaryMargin: 0,
  minSecondaryProbability: 0,
  secondaryStock: true,
  secondaryWhereOtherFeature: false,
};
const face = (faceIndex: number, classId: number, probability: number) => ({ faceIndex, stepId: faceIndex + 100, classId, className: `c${classId}`, probability });
const STOCK = 24;

describe('combineTierAnswers (hand-written answers)', () => {
  const primary: RecognitionOutput = {
    faces: [face(0, STOCK, 0.9), face(1, 1, 0.8), face(2, 14, 0.2), face(3, 14, 0.25)],
    features: [
      { type: 'through_hole', classId: 1, faces: [1], bottomFaces: [], confidence: 0.8, parameters: {} },
      { type: 'rectangular_pocket', classId: 14, faces: [2, 3], bottomFaces: [3], confidence: 0.2, parameters: { depthMm: 4 } },
    ],
    confidence: 0.5,
    details: { engine: 'x' },
  };
  const secondary: RecognitionOutput = {
    faces: [face(0, STOCK, 0.75), face(1, STOCK, 0.75), face(2, 12, 0.9), face(3, 14, 0.1), face(4, 23, 0.6)],
    features: [
      { type: 'blind_hole', classId: 12, faces: [2], bottomFaces: [], confidence: 0.9, parameters: { diameterMm: 3 } },
      { type: 'round', classId: 23, faces: [4], bottomFaces: [], confidence: 0.6, parameters: {} },
    ],
    confidence: 0.6,
  };

  it('the shipped rule is measured: Tier 2 primary, Tier 1 where Tier 2 says other_feature, Tier 1 stock wins where it is surer', () => {
    expect(DEFAULT_TIER_COMBINATION).toEqual({
      primaryTier: 2,
      secondaryTier: 1,
      minPrimaryProbability: 0,
      secondaryMargin: 0,
      minSecondaryProbability: 0,
      secondaryStock: true,
      secondaryStockWhenSurer: true,
      secondaryWhereOtherFeature: true,
    });
  });

  it('the shipped rule on hand-written answers: Tier 2’s classes, Tier 1 on other_feature faces and on its stock', () => {
    const tier2: RecognitionOutput = {
      faces: [face(0, 14, 0.3), face(1, 25, 0.004), face(2, 12, 0.02), face(3, 23, 0.9)],
      features: [{ type: 'rectangular_pocket', classId: 14, faces: [0], bottomFaces: [0], confidence: 0.3, parameters: {} }],
      confidence: 0.3,
    };
    const tier1: RecognitionOutput = {
      faces: [face(0, STOCK, 0.985), face(1, 1, 0.4), face(2, 1, 0.99), face(3, 0, 0.99)],
      features: [{ type: 'through_hole', classId: 1, faces: [1, 2], bottomFaces: [], confidence: 0.7, parameters: {} }],
      confidence: 0.8,
      details: { provider: 'cpu' },
    };
    const out = combineTierAnswers(tier2, tier1, DEFAULT_TIER_COMBINATION);
    // face 0: Tier 1 stock wins; face 1: Tier 2's other_feature → Tier 1 even at 0.4; faces 2 and 3: Tier 2 however unsure
    expect(out.faces.map((f) => [f.classId, f.tier])).toEqual([
      [STOCK, 1],
      [1, 1],
      [12, 2],
      [23, 2],
    ]);
    expect(out.features.map((f) => [f.type, f.faces, f.tier])).toEqual([['through_hole', [1], 1]]);
    expect(out.confidence).toBeCloseTo((0.985 + 0.4 + 0.02 + 0.9) / 4, 12);
  });

  it('threshold 0 with secondaryStock: the primary everywhere except faces the secondary calls stock', () => {
    const out = combineTierAnswers(primary, secondary, { ...TIER1_PRIMARY, minPrimaryProbability: 0 });
    expect(out.faces.map((f) => [f.faceIndex, f.classId, f.tier])).toEqual([
      [0, STOCK, 1],
      [1, STOCK, 2],
      [2, 14, 1],
      [3, 14, 1],
      [4, 23, 2], // only the secondary labelled it
    ]);
    // the hole lost its only face to stock; the pocket stays whole; the secondary's round is kept
    expect(out.features.map((f) => [f.type, f.faces, f.tier])).toEqual([
      ['rectangular_pocket', [2, 3], 1],
      ['round', [4], 2],
    ]);
    expect(out.facesByTier).toEqual({ 1: 3, 2: 2 });
    expect(out.confidence).toBeCloseTo((0.9 + 0.75 + 0.2 + 0.25 + 0.6) / 5, 12);
    expect(out.details).toEqual({ engine: 'x' });
  });

  it('secondaryStockWhenSurer: the secondary’s stock call wins only where it is surer than the primary’s class', () => {
    // face 1: primary through_hole at 0.8, secondary stock at 0.75 → the primary keeps it (with the plain rule it is stock)
    const out = combineTierAnswers(primary, secondary, { ...TIER1_PRIMARY, minPrimaryProbability: 0, secondaryStockWhenSurer: true });
    expect(out.faces.map((f) => [f.faceIndex, f.classId, f.tier])).toEqual([
      [0, STOCK, 1],
      [1, 1, 1],
      [2, 14, 1],
      [3, 14, 1],
      [4, 23, 2],
    ]);
    expect(out.features.map((f) => [f.type, f.faces, f.tier])).toEqual([
      ['through_hole', [1], 1],
      ['rectangular_pocket', [2, 3], 1],
      ['round', [4], 2],
    ]);
    // a surer stock call still wins
    const surer = combineTierAnswers(primary, { ...secondary, faces: secondary.faces.map((f) => (f.faceIndex === 1 ? { ...f, probability: 0.95 } : f)) }, { ...TIER1_PRIMARY, minPrimaryProbability: 0, secondaryStockWhenSurer: true });
    expect(surer.faces[1]).toMatchObject({ classId: STOCK, tier: 2 });
  });

  it('with a probability threshold: unsure primary faces go to a surer secondary, features keep only their tier’s faces', () => {
    const out = combineTierAnswers(primary, secondary, { ...TIER1_PRIMARY, minPrimaryProbability: 0.5, secondaryMargin: 0.1 });
    // face 2: 0.2 < 0.5 and 0.9 > 0.2 + 0.1 → secondary; face 3: secondary 0.1 is not surer → primary
    expect(out.faces.map((f) => f.tier)).toEqual([1, 2, 2, 1, 2]);
    expect(out.features.map((f) => [f.type, f.faces, f.bottomFaces, f.tier])).toEqual([
      ['rectangular_pocket', [3], [3], 1],
      ['blind_hole', [2], [], 2],
      ['round', [4], [], 2],
    ]);
  });

  it('Tier 2 as primary: a secondary face is taken only where the primary is unsure and the secondary at least minSecondaryProbability', () => {
    // Tier 2 answers `secondary` (primary here): face 3 is unsure (0.1), face 4 has no Tier 1 answer.
    const rule = { ...TIER1_PRIMARY, primaryTier: 2 as const, secondaryTier: 1 as const, minPrimaryProbability: 0.5, minSecondaryProbability: 0.2, secondaryStock: false };
    const out = combineTierAnswers(secondary, primary, rule);
    // face 1: Tier 2 stock at 0.75 ≥ 0.5 stays; face 3: 0.1 < 0.5 and Tier 1 0.25 ≥ 0.2 and surer → Tier 1
    expect(out.faces.map((f) => [f.faceIndex, f.classId, f.tier])).toEqual([
      [0, STOCK, 2],
      [1, STOCK, 2],
      [2, 12, 2],
      [3, 14, 1],
      [4, 23, 2],
    ]);
    expect(combineTierAnswers(secondary, primary, { ...rule, minSecondaryProbability: 0.3 }).faces[3].tier).toBe(2);
    // the Tier 1 pocket keeps only face 3; the Tier 2 features keep theirs
    expect(out.features.map((f) => [f.type, f.faces, f.tier])).toEqual([
      ['blind_hole', [2], 2],
      ['round', [4], 2],
      ['rectangular_pocket', [3], 1],
    ]);
  });

  it('secondaryStock off and threshold 0: the primary answer unchanged, every face tier 1', () => {
    const out = combineTierAnswers(primary, secondary, { ...TIER1_PRIMARY, minPrimaryProbability: 0, secondaryStock: false });
    expect(out.faces.slice(0, 4).map((f) => [f.classId, f.probability, f.tier])).toEqual(primary.faces.map((f) => [f.classId, f.probability, 1]));
    expect(out.features.filter((f) => f.tier === 1).map((f) => f.faces)).toEqual([[1], [2, 3]]);
  });
});

describe('runRecognizers combines Tier 1 and Tier 2 per face (real tiers on plate-hole-pocket)', () => {
  const part = buildPartFromStep(readStep(readFileSync(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url))));
  const noop = () => undefined;
  const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
  const recognizers = createDefaultRecognizers();
  afterAll(async () => {
    for (const r of recognizers) await r.dispose?.();
  });

  it('the answer is Tier 1’s, each face and feature says its tier, and the result fits the contract', async () => {
    const { result } = await runRecognizers(part, recognizers, ctx);
    expect(result.tier).toBe(1);
    expect(result.faces).toHaveLength(part.faces.length);
    for (const f of result.faces) expect([1, 2]).toContain(f.tier);
    for (const f of result.features) expect([1, 2]).toContain(f.tier);
    expect(result.skipped).toEqual([]);
    const confidence = result.faces.reduce((s, f) => s + f.probability, 0) / result.faces.length;
    expect(result.confidence).toBeCloseTo(confidence, 9);
    const { recognition } = analysisResultSchema.shape;
    expect(recognition.safeParse(result).success).toBe(true);
  });

  it('combine: false gives Tier 1’s answer alone (every face tier 1)', async () => {
    const { result } = await runRecognizers(part, recognizers, ctx, { combine: false });
    expect(result.faces.every((f) => f.tier === 1)).toBe(true);
  });

  it('a secondary tier that declines (isolated breaker) is recorded in skipped; Tier 1’s answer stands', async () => {
    const breaker = new CircuitBreaker({ name: 'tier2' });
    breaker.isolate();
    const withIsolatedTier2 = [recognizers[0], guardWithBreaker(createHeuristicRecognizer(), breaker)];
    const { result } = await runRecognizers(part, withIsolatedTier2, ctx);
    expect(result.tier).toBe(1);
    expect(result.faces.every((f) => f.tier === 1)).toBe(true);
    expect(result.skipped).toEqual([{ tier: 2, recognizer: 'aag-heuristics', reason: 'breaker_open', detail: 'isolated' }]);
  });

  it('a primary tier that declines is not hidden either: Tier 1 isolated, Tier 2 answers alone and Tier 1’s reason is in skipped', async () => {
    const breaker = new CircuitBreaker({ name: 'aagnet-isolated' });
    breaker.isolate();
    const withIsolatedTier1 = [guardWithBreaker(recognizers[0], breaker), recognizers[1]];
    const { result } = await runRecognizers(part, withIsolatedTier1, ctx);
    expect(result.tier).toBe(2);
    expect(result.faces.every((f) => f.tier === 2)).toBe(true);
    expect(result.skipped).toEqual([{ tier: 1, recognizer: 'aagnet', reason: 'breaker_open', detail: 'isolated' }]);
  });
});

describe.skipIf(!HAS_SHARED)(sharedTitle('the shipped combination on a real part (D08, real AAGNet session and Tier 2)'), () => {
  const noop = () => undefined;
  const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
  const recognizers = createDefaultRecognizers();
  afterAll(async () => {
    for (const r of recognizers) await r.dispose?.();
  });
  const load = () => buildPartFromStep(readStep(readFileSync(join(REALWORLD_DIR, 'parts', 'D08__Seeedstudio_Mounting_Plate_SO101.step'))));

  it('each face carries Tier 2’s class, except Tier 2’s other_feature faces and Tier 1’s stock faces, which carry Tier 1’s', async () => {
    const part = load();
    const tier1 = (await runRecognizers(part, recognizers, ctx, { tier: 1 })).result;
    const tier2 = (await runRecognizers(part, recognizers, ctx, { tier: 2 })).result;
    // the tiers' own probabilities (the context model is tested in face-context-confidence.test.ts)
    const { result } = await runRecognizers(part, recognizers, ctx, { contextProbabilities: false });
    expect(result.tier).toBe(1);
    expect(result.skipped).toEqual([]);
    expect(result.faces).toHaveLength(part.faces.length);
    const t1 = new Map(tier1.faces.map((f) => [f.faceIndex, f]));
    const t2 = new Map(tier2.faces.map((f) => [f.faceIndex, f]));
    // the base-body pass runs after the combination and on each forced tier: its faces are stock whichever tier they
    // carry — the base body, and the planar faces with a convex outer loop that Tier 2 called a cavity (in the forced
    // Tier 2 run the pass has made them stock already; stock-skin.ts)
    const base = baseBodyStockFaces(part);
    const rawTier2 = new Map(recognizeFeatures(part).faces.map((f) => [f.faceIndex, f.className]));
    const convex = convexFaceStockFaces(part, (i) => rawTier2.get(i) ?? null);
    // ... and a boss or foot standing on a face that the combination called a cavity is other_feature (session 9,
    // protrusion-faces.ts; it comes before the stock rules)
    const protrusion = findProtrusions(part).faces;
    let fromTier1 = 0, protrusionOther = 0;
    for (const f of result.faces) {
      if (protrusion[f.faceIndex] === 1 && f.classId === 25) {
        protrusionOther++;
        continue;
      }
      if (base[f.faceIndex] === 1 || convex[f.faceIndex] === 1) {
        expect([f.faceIndex, f.classId]).toEqual([f.faceIndex, STOCK]);
        if (f.tier === 1) fromTier1++;
        continue;
      }
      const a = t1.get(f.faceIndex)!, b = t2.get(f.faceIndex)!;
      const tier1Wins = (a.classId === STOCK && b.classId !== STOCK) || b.classId === 25;
      expect([f.faceIndex, f.tier, f.classId, f.probability]).toEqual([f.faceIndex, tier1Wins ? 1 : 2, tier1Wins ? a.classId : b.classId, tier1Wins ? a.probability : b.probability]);
      if (f.tier === 1) fromTier1++;
    }
    // this plate has faces of both kinds: Tier 2 leaves some faces unexplained, Tier 1 bounds it with stock
    expect(fromTier1).toBeGreaterThan(0);
    expect(result.faces.filter((f) => f.tier === 2).length).toBeGreaterThan(fromTier1);
    expect(result.faces.filter((f) => f.classId === 25).length).toBe(protrusionOther); // only the pass's protrusion faces
    // features keep only faces of their own tier; the part confidence is the mean face probability
    const tierOf = new Map(result.faces.map((f) => [f.faceIndex, f.tier]));
    for (const feat of result.features) for (const fi of feat.faces) expect(tierOf.get(fi)).toBe(feat.tier);
    expect(result.confidence).toBeCloseTo(result.faces.reduce((s, f) => s + f.probability, 0) / result.faces.length, 9);
    // details stay Tier 1's (its execution provider), whichever tier is primary
    expect(result.details).toMatchObject({ provider: tier1.details!.provider, engine: tier1.details!.engine, faceCount: tier1.details!.faceCount });
    expect(analysisResultSchema.shape.recognition.safeParse(result).success).toBe(true);
  });
});
