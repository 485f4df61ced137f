/**
 * Tiers combined per face: `combineTierAnswers` on hand-written answers (the rule's arithmetic), and
 * `runRecognizers` with the real tiers (AAGNet on onnxruntime-node, the heuristics, a real breaker) on a
 * hand-authored plate: every face and feature carries its tier, and a secondary tier that declines is
 * recorded in `skipped`, never hidden.
 */
import { readFileSync } from 'node:fs';
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
} from '../../src/stages/recognize/index.js';
import { analysisResultSchema } from '../../src/result/index.js';

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

  it('the shipped rule is measured: Tier 1 where its probability is at least 0.8, the surer tier below, Tier 2 stock wins', () => {
    expect(DEFAULT_TIER_COMBINATION).toEqual({ primaryTier: 1, secondaryTier: 2, minPrimaryProbability: 0.8, secondaryMargin: 0, secondaryStock: true });
  });

  it('threshold 0 with secondaryStock: the primary everywhere except faces the secondary calls stock', () => {
    const out = combineTierAnswers(primary, secondary, { ...DEFAULT_TIER_COMBINATION, minPrimaryProbability: 0 });
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

  it('with a probability threshold: unsure primary faces go to a surer secondary, features keep only their tier’s faces', () => {
    const out = combineTierAnswers(primary, secondary, { ...DEFAULT_TIER_COMBINATION, minPrimaryProbability: 0.5, secondaryMargin: 0.1 });
    // face 2: 0.2 < 0.5 and 0.9 > 0.2 + 0.1 → secondary; face 3: secondary 0.1 is not surer → primary
    expect(out.faces.map((f) => f.tier)).toEqual([1, 2, 2, 1, 2]);
    expect(out.features.map((f) => [f.type, f.faces, f.bottomFaces, f.tier])).toEqual([
      ['rectangular_pocket', [3], [3], 1],
      ['blind_hole', [2], [], 2],
      ['round', [4], [], 2],
    ]);
  });

  it('secondaryStock off and threshold 0: the primary answer unchanged, every face tier 1', () => {
    const out = combineTierAnswers(primary, secondary, { ...DEFAULT_TIER_COMBINATION, minPrimaryProbability: 0, secondaryStock: false });
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
});
