/**
 * Tier 2's real-part correction (tools/calibration/tier2-real-precision.ts, `withRealCounts`) on
 * hand-computed cases: counting, leave-one-file-out, and the prior-weighted precision.
 */
import { describe, expect, it } from 'vitest';
import { withRealCounts } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';
import { RULE_PRECISION } from '../../src/stages/recognize/tier2-heuristics/rule-precision.js';
import { countRules, priorProbability, recalibrateTier2, subtractCounts } from '../../tools/calibration/tier2-real-precision.js';
import type { FaceRecord } from '../../tools/calibration/face-records.js';

const rec = (part: string, truth: number, t2Class: number, t2Rule: string): FaceRecord => ({
  part,
  body: 0,
  face: 0,
  truth,
  surface: 'plane',
  areaShare: 0,
  areaMm2: 0,
  envelope: false,
  convex: false,
  t1Logits: null,
  t2Class,
  t2Probability: 0.5,
  t2Rule,
});

describe('Tier 2 rule precision corrected by real counts', () => {
  it('withRealCounts: the prior weighs as k faces; no counts, the prior', () => {
    expect(withRealCounts(0.8, { faces: 20, right: 0 }, 20)).toBeCloseTo(0.4, 12); // (0 + 16) / 40
    expect(withRealCounts(0.8, { faces: 0, right: 0 }, 20)).toBe(0.8);
    expect(withRealCounts(0.8, undefined, 20)).toBe(0.8);
    expect(withRealCounts(0.8, { faces: 10, right: 10 }, 0)).toBe(1);
  });

  it('countRules counts rules and (rule, class) pairs, skipping faces whose truth is not scored', () => {
    const records = [rec('A', 14, 14, 'pocket'), rec('A', 24, 14, 'pocket'), rec('B', 14, 14, 'pocket'), rec('B', 25, 14, 'pocket'), rec('B', -1, 14, 'pocket')];
    const counts = countRules(records);
    expect(counts.get('pocket')).toEqual({ faces: 3, right: 2 });
    expect(counts.get('pocket|rectangular_pocket')).toEqual({ faces: 3, right: 2 });
    expect(subtractCounts(counts, countRules(records.filter((r) => r.part === 'A'))).get('pocket')).toEqual({ faces: 1, right: 1 });
  });

  it('recalibrateTier2 leaves each real file out of its own counts', () => {
    const records = [rec('A', 14, 14, 'pocket'), rec('A', 24, 14, 'pocket'), rec('B', 24, 14, 'pocket'), rec('B', 24, 14, 'pocket')];
    const prior = priorProbability(records[0]);
    expect(prior).toBe(RULE_PRECISION['pocket|rectangular_pocket']);
    const out = recalibrateTier2(records, countRules(records), 10, true, records);
    // file A is scored with B's counts (0 of 2 right), file B with A's (1 of 2)
    expect(out[0].t2Probability).toBeCloseTo(withRealCounts(prior, { faces: 2, right: 0 }, 10), 12);
    expect(out[2].t2Probability).toBeCloseTo(withRealCounts(prior, { faces: 2, right: 1 }, 10), 12);
    // not leave-one-out (generated records): all the counts
    const all = recalibrateTier2(records, countRules(records), 10, false, records);
    expect(all[0].t2Probability).toBeCloseTo(withRealCounts(prior, { faces: 4, right: 1 }, 10), 12);
  });
});
