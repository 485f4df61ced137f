/**
 * Feature-instance matching: a predicted instance matches a true one of the same class when their
 * element sets overlap with IoU ≥ the threshold (IoU = 1: the exact face set, AAGNet's feature-level
 * rule). Matching is one-to-one, greedy by IoU (ties: earlier instance first).
 * @internal
 */

/** A true instance for matching: its class and its elements. */
export interface MatchInstance {
  classId: number;
  elements: readonly number[];
}

/**
 * Number of matched pairs.
 * @param truthOf `truthOf[element]` = index into `truth`, -1 for none
 */
export function countInstanceMatches(truth: readonly MatchInstance[], truthOf: Int32Array, predicted: readonly MatchInstance[], iouThreshold: number): number {
  return matchInstances(truth, truthOf, predicted, iouThreshold).length;
}

/**
 * The matched pairs (`p` index into `predicted`, `t` into `truth`), one-to-one, greedy by IoU.
 * @param truthOf `truthOf[element]` = index into `truth`, -1 for none
 */
export function matchInstances(truth: readonly MatchInstance[], truthOf: Int32Array, predicted: readonly MatchInstance[], iouThreshold: number): { p: number; t: number }[] {
  const pairs: { p: number; t: number; iou: number }[] = [];
  for (let p = 0; p < predicted.length; p++) {
    const inter = new Map<number, number>();
    const unique = new Set(predicted[p].elements);
    for (const e of unique) {
      const t = truthOf[e];
      if (t >= 0) inter.set(t, (inter.get(t) ?? 0) + 1);
    }
    for (const [t, i] of inter) {
      if (truth[t].classId !== predicted[p].classId) continue;
      const iou = i / (unique.size + truth[t].elements.length - i);
      // IoU = 1 is compared exactly (intersection = both sizes), never through a float threshold.
      const ok = iouThreshold >= 1 ? i === unique.size && i === truth[t].elements.length : iou >= iouThreshold;
      if (ok) pairs.push({ p, t, iou });
    }
  }
  pairs.sort((a, b) => b.iou - a.iou || a.t - b.t || a.p - b.p);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const matched: { p: number; t: number }[] = [];
  for (const { p, t } of pairs) {
    if (usedP.has(p) || usedT.has(t)) continue;
    usedP.add(p);
    usedT.add(t);
    matched.push({ p, t });
  }
  return matched;
}
