/**
 * The session-6 calibration fitting code (tools/calibration): part folds, the logistic fit with one ridge per
 * weight, the rule-precision table rebuilt from counts (checked against the shipped table and its counts),
 * the pass-aware feature vector, and grouped cross-validation never scoring a part with a model that saw it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_PRECISION } from '../../src/stages/recognize/tier2-heuristics/rule-precision.js';
import { foldOfParts } from '../../tools/calibration/part-folds.js';
import { fitWeightedLogistic } from '../../tools/calibration/logistic-fit.js';
import { addCounts, countGenerated, precisionTable, tableProbability, type Counts } from '../../tools/calibration/rule-precision-table.js';
import { faceProbability, passAwareVector, score, type PipelineFace } from '../../tools/calibration/pipeline-faces.js';
import { crossValidated, modelVector, passAwareModel } from '../../tools/calibration/pass-aware-fit.js';
import type { FaceRecord } from '../../tools/calibration/face-records.js';

/** mulberry32, so the tests are deterministic (seed in the test names). */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('foldOfParts', () => {
  it('deals distinct parts round-robin in name order; every face of a part in one fold', () => {
    const faces = ['c', 'a', 'b', 'a', 'd', 'e', 'c', 'f', 'g'];
    const folds = foldOfParts(faces, 3);
    expect([...folds]).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 0], ['e', 1], ['f', 2], ['g', 0]]);
    expect(() => foldOfParts(faces, 1)).toThrow(/folds/);
  });
});

describe('fitWeightedLogistic', () => {
  it('recovers the weights that generated the data, with a class offset (seed 11)', () => {
    const rand = seeded(11);
    const truth = [-0.3, 0.8, 0.6, 1.2];
    const make = (n: number) =>
      Array.from({ length: n }, () => {
        const x = [1, 4 * rand() - 2, rand() < 0.5 ? 1 : 0, rand() < 0.3 ? 1 : 0];
        return { x, y: rand() < sigmoid(x.reduce((s, v, i) => s + v * truth[i], 0)) ? 1 : 0 };
      });
    const w = fitWeightedLogistic([make(15000), make(15000)], [1, 2], [1e-3, 1e-3, 1e-3, 1e-3]);
    w.forEach((v, i) => expect(Math.abs(v - truth[i])).toBeLessThan(0.15));
  });

  it('a large ridge on one weight holds it at its prior (0) while the others fit (seed 12)', () => {
    const rand = seeded(12);
    const data = Array.from({ length: 5000 }, () => {
      const x = [1, 4 * rand() - 2, rand() < 0.5 ? 1 : 0];
      return { x, y: rand() < sigmoid(0.5 * x[1] + 2 * x[2]) ? 1 : 0 };
    });
    const free = fitWeightedLogistic([data], [1], 1e-3);
    const held = fitWeightedLogistic([data], [1], [1e-3, 1e-3, 1e9]);
    expect(free[2]).toBeGreaterThan(1.5);
    expect(Math.abs(held[2])).toBeLessThan(1e-6);
  });
});

describe('precision table from counts', () => {
  it('rebuilt from the shipped counts (tools/tier2/results/rule-precision.json), equals the shipped RULE_PRECISION', () => {
    const json = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'tools', 'tier2', 'results', 'rule-precision.json'), 'utf8')) as {
      rules: Record<string, { faces: number; right: number }>;
      pairs: Record<string, { faces: number; right: number }>;
    };
    const counts: Counts = new Map([...Object.entries(json.rules), ...Object.entries(json.pairs)]);
    const table = precisionTable(counts);
    expect(Object.keys(RULE_PRECISION).sort()).toEqual([...table.keys()].sort());
    for (const [k, v] of table) expect([k, Math.round(v * 1000) / 1000]).toEqual([k, RULE_PRECISION[k]]);
  });

  const rec = (part: string, truth: number, t2Class: number, t2Rule: string): FaceRecord => ({
    part, body: 0, face: 0, truth, surface: 'plane', areaShare: 0, areaMm2: 0, envelope: false, convex: false, t1Logits: null, t2Class, t2Probability: 0.5, t2Rule,
  });

  it('counts as the measuring tool (other_feature truth is wrong, no truth skipped); pairs need 20 faces; shrinkage pulls towards the parent', () => {
    const records = [
      ...Array.from({ length: 20 }, (_, i) => rec('a', i < 15 ? 14 : 25, 14, 'pocket')),
      rec('a', -1, 14, 'pocket'),
      ...Array.from({ length: 4 }, () => rec('b', 1, 1, 'through-hole')),
    ];
    const counts = countGenerated(records);
    expect(counts.get('pocket')).toEqual({ faces: 20, right: 15 });
    const laplace = precisionTable(counts);
    expect(laplace.get('pocket|rectangular_pocket')).toBeCloseTo(16 / 22, 12);
    expect(laplace.has('through-hole|through_hole')).toBe(false); // 4 faces < 20: the rule's entry applies
    expect(tableProbability(records[21], laplace)).toBeCloseTo(5 / 6, 12);
    const shrunk = precisionTable(counts, { shrinkFaces: 10 });
    const overall = (19 + 1) / (24 + 2);
    expect(shrunk.get('through-hole')).toBeCloseTo((4 + 10 * overall) / 14, 12);
    expect(addCounts(counts, counts, -1).get('pocket')).toEqual({ faces: 0, right: 0 });
  });
});

describe('pass-aware vector and probability', () => {
  const face = (over: Partial<PipelineFace>): PipelineFace => ({ part: 'p', y: 1, yCombined: 1, source: 'tier', finalClass: 14, combined: true, own: 0.9, context: [1, 2, 1, 0, 1.5], ...over });
  const w = [0.1, 0.4, 0.8, -0.5, 0.5, 2.3, 0.8, 1.4, ...Array.from({ length: 26 }, (_, c) => (c === 14 ? 0.9 : c === 1 ? 0.4 : 0))];

  it('a face of the tiers reads its context, the hole flag and its class offset; a base-body face only the constant and its flag', () => {
    expect(faceProbability(face({}), w)).toBeCloseTo(sigmoid(0.1 + 0.8 + 0.8 + 0.75 + 0.9), 12);
    expect(faceProbability(face({ source: 'hole', finalClass: 1 }), w)).toBeCloseTo(sigmoid(0.1 + 0.8 + 0.8 + 0.75 + 2.3 + 0.4), 12);
    expect(faceProbability(face({ source: 'base', finalClass: 24 }), w)).toBeCloseTo(sigmoid(0.1 + 0.8), 12);
    expect(passAwareVector(face({ source: 'outline', finalClass: 24 })).slice(0, 8)).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    // Tier 2 alone (Tier 1 declined): its own probability
    expect(faceProbability(face({ combined: false, own: 0.42 }), w)).toBe(0.42);
  });

  it('the model object round-trips to the same vector (class offsets by name)', () => {
    const m = passAwareModel(w);
    expect(m.classOffsets).toEqual({ through_hole: 0.4, rectangular_pocket: 0.9 });
    expect(modelVector(m)).toEqual(w);
  });

  it('score: ECE 0 and r = 1 where each part confidence is its accuracy and every bin is exact', () => {
    const faces = [face({ part: 'a', y: 1 }), face({ part: 'a', y: 1 }), face({ part: 'b', y: 1 }), face({ part: 'b', y: 0 }), face({ part: 'c', y: 0 }), face({ part: 'c', y: 0 })];
    const s = score(faces, [1, 1, 0.5, 0.5, 0, 0]);
    expect(s.eceFace).toBeCloseTo(0, 12);
    expect(s.r).toBeCloseTo(1, 12);
    expect(s.accuracy).toBeCloseTo(0.5, 12);
  });
});

describe('crossValidated (grouped by part)', () => {
  it('never scores a generated part or a real file with a model fitted on it (seed 13)', () => {
    const rand = seeded(13);
    const mk = (part: string): PipelineFace => ({ part, y: rand() < 0.8 ? 1 : 0, yCombined: 1, source: 'tier', finalClass: 14, combined: true, own: 0.8, context: [1, 0, 0, 0, 0] });
    const gen = Array.from({ length: 60 }, (_, i) => mk(`g${i % 12}`));
    const real = Array.from({ length: 20 }, (_, i) => mk(`r${i % 4}`));
    const folds = foldOfParts(gen.map((f) => f.part), 3);
    const seen: Set<string>[] = [];
    const fit = (r: readonly PipelineFace[], g: readonly PipelineFace[]) => {
      seen.push(new Set([...r, ...g].map((f) => f.part)));
      // the weight vector remembers which fit made it: intercept = fit index
      return [seen.length - 1, 0, 0, 0, 0, 0, 0, 0];
    };
    const p = crossValidated(fit, real, gen, folds, 3);
    const fitOf = (prob: number) => Math.round(Math.log(prob / (1 - prob)));
    gen.forEach((f, i) => expect(seen[fitOf(p.gen[i])].has(f.part)).toBe(false));
    real.forEach((f, i) => expect(seen[fitOf(p.real[i])].has(f.part)).toBe(false));
    expect(seen).toHaveLength(3 + 4);
  });
});
