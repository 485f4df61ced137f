/**
 * Tier 2's per-rule precision counted on real face records, and the probability Tier 2 gives a face with
 * those counts (the shipped arithmetic, `withRealCounts`). Leave-one-file-out: a real file's faces are
 * scored with counts from the other files only, so its calibration is measured on data the counts never saw.
 * @internal
 */
import { RULE_PRECISION } from '../../src/stages/recognize/tier2-heuristics/rule-precision.js';
import { withRealCounts } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';
import { faceClassName } from '../../src/stages/recognize/tier2-heuristics/fallback-face-class.js';
import { OTHER_FEATURE, type FaceRecord } from './face-records.js';

/** Faces labelled and faces right, per key (`rule` or `rule|class`). */
export type RuleCounts = Map<string, { faces: number; right: number }>;

const className = faceClassName;

/** Whether a record can be counted: Tier 2's rule is known and the truth is one of the 25 classes (as the evaluator scores). */
function countable(r: FaceRecord): boolean {
  return r.t2Rule !== undefined && r.t2Rule !== 'none' && r.truth >= 0 && r.truth !== OTHER_FEATURE;
}

/** Counts of every rule and (rule, class) pair over the records. */
export function countRules(records: readonly FaceRecord[]): RuleCounts {
  const counts: RuleCounts = new Map();
  const add = (key: string, right: boolean) => {
    const c = counts.get(key) ?? { faces: 0, right: 0 };
    c.faces++;
    if (right) c.right++;
    counts.set(key, c);
  };
  for (const r of records) {
    if (!countable(r)) continue;
    add(r.t2Rule!, r.t2Class === r.truth);
    add(`${r.t2Rule}|${className(r.t2Class)}`, r.t2Class === r.truth);
  }
  return counts;
}

/** `a − b`, key by key (the counts without one file's faces). */
export function subtractCounts(a: RuleCounts, b: RuleCounts): RuleCounts {
  const out: RuleCounts = new Map();
  for (const [k, c] of a) {
    const d = b.get(k);
    out.set(k, d ? { faces: c.faces - d.faces, right: c.right - d.right } : c);
  }
  return out;
}

/** The generated-part precision of the record's rule and class (the prior), as Tier 2 looks it up. */
export function priorProbability(r: FaceRecord): number {
  if (r.t2Rule === undefined || r.t2Rule === 'none') return r.t2Probability;
  return RULE_PRECISION[`${r.t2Rule}|${className(r.t2Class)}`] ?? RULE_PRECISION[r.t2Rule] ?? r.t2Probability;
}

/** Tier 2's probability for the record with `counts` as the real-part counts and a prior worth `priorFaces` faces. */
export function realCorrectedProbability(r: FaceRecord, counts: RuleCounts, priorFaces: number): number {
  const prior = priorProbability(r);
  if (r.t2Rule === undefined || r.t2Rule === 'none') return prior;
  return withRealCounts(prior, counts.get(`${r.t2Rule}|${className(r.t2Class)}`) ?? counts.get(r.t2Rule), priorFaces);
}

/**
 * The records with Tier 2's probability recomputed: real records (`leaveOneOut`) with the counts of the
 * other real files, generated records with all the real counts.
 */
export function recalibrateTier2(records: readonly FaceRecord[], realCounts: RuleCounts, priorFaces: number, leaveOneOut: boolean, realRecords: readonly FaceRecord[]): FaceRecord[] {
  const perFile = new Map<string, RuleCounts>();
  if (leaveOneOut) {
    const byPart = new Map<string, FaceRecord[]>();
    for (const r of realRecords) byPart.set(r.part, [...(byPart.get(r.part) ?? []), r]);
    for (const [part, recs] of byPart) perFile.set(part, subtractCounts(realCounts, countRules(recs)));
  }
  return records.map((r) => ({ ...r, t2Probability: realCorrectedProbability(r, leaveOneOut ? (perFile.get(r.part) ?? realCounts) : realCounts, priorFaces) }));
}

/** The counts as the `REAL_RULE_COUNTS` table, keys sorted. */
export function countsTable(counts: RuleCounts): Record<string, { faces: number; right: number }> {
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
