/**
 * Tier 2's generated-part precision table rebuilt from counts, as `tools/tier2/measure-rule-precision.ts`
 * writes it (Laplace-smoothed per rule, and per (rule, class) pair seen on at least `MIN_PAIR_FACES` faces),
 * so the calibration tools can give a generated part the probabilities Tier 2 would report had the part not
 * been among the parts the precisions were measured on (out of fold). Optional shrinkage pulls a small
 * (rule, class) pair or rule towards its parent (the rule, or the precision over all faces) instead of 0.5.
 * @internal
 */
import { faceClassName } from '../../src/stages/recognize/tier2-heuristics/fallback-face-class.js';
import type { FaceRecord } from './face-records.js';

/** Faces labelled and faces right, per key (`rule` or `rule|class`). */
export type Counts = Map<string, { faces: number; right: number }>;

/** Faces a (rule, class) pair needs for an entry of its own (as the measuring tool). */
export const MIN_PAIR_FACES = 20;

const className = faceClassName;

/** The (rule, class) key of a record. */
export function pairKey(r: FaceRecord): string {
  return `${r.t2Rule}|${className(r.t2Class)}`;
}

/**
 * Counts as the measuring tool counts generated parts: every face with a truth (`other_feature` truth
 * counts as wrong), per rule and per (rule, class) pair.
 */
export function countGenerated(records: Iterable<FaceRecord>): Counts {
  const counts: Counts = new Map();
  const add = (key: string, right: boolean) => {
    const c = counts.get(key) ?? { faces: 0, right: 0 };
    c.faces++;
    if (right) c.right++;
    counts.set(key, c);
  };
  for (const r of records) {
    if (r.t2Rule === undefined || r.t2Rule === 'none' || r.truth < 0) continue;
    add(r.t2Rule, r.t2Class === r.truth);
    add(pairKey(r), r.t2Class === r.truth);
  }
  return counts;
}

/** `a + sign·b`, key by key. */
export function addCounts(a: Counts, b: Counts, sign = 1): Counts {
  const out: Counts = new Map([...a].map(([k, c]) => [k, { ...c }]));
  for (const [k, c] of b) {
    const o = out.get(k) ?? { faces: 0, right: 0 };
    out.set(k, { faces: o.faces + sign * c.faces, right: o.right + sign * c.right });
  }
  return out;
}

/** How a precision is estimated from counts. */
export interface PrecisionOptions {
  /**
   * 0: Laplace, (right + 1) / (faces + 2), as shipped. m > 0: (right + m·parent) / (faces + m), the parent
   * being the rule's precision for a pair and the precision over all faces for a rule.
   */
  shrinkFaces: number;
}

/** The precision table (keys as `RULE_PRECISION`). */
export function precisionTable(counts: Counts, options: PrecisionOptions = { shrinkFaces: 0 }): Map<string, number> {
  const table = new Map<string, number>();
  let all = 0, allRight = 0;
  for (const [k, c] of counts) if (!k.includes('|')) ((all += c.faces), (allRight += c.right));
  const overall = (allRight + 1) / (all + 2);
  const estimate = (c: { faces: number; right: number }, parent: number) =>
    options.shrinkFaces > 0 ? (c.right + options.shrinkFaces * parent) / (c.faces + options.shrinkFaces) : (c.right + 1) / (c.faces + 2);
  for (const [k, c] of counts) if (!k.includes('|') && c.faces > 0) table.set(k, estimate(c, overall));
  for (const [k, c] of counts) {
    if (!k.includes('|') || c.faces < MIN_PAIR_FACES) continue;
    table.set(k, estimate(c, table.get(k.split('|')[0]) ?? overall));
  }
  return table;
}

/** The generated-part precision of the record's rule and class under `table` (the record's own probability when its rule is unknown). */
export function tableProbability(r: FaceRecord, table: ReadonlyMap<string, number>): number {
  if (r.t2Rule === undefined || r.t2Rule === 'none') return r.t2Probability;
  return table.get(pairKey(r)) ?? table.get(r.t2Rule) ?? r.t2Probability;
}
