/**
 * Folds by part for grouped cross-validation: every face of a part lands in the same fold, parts dealt
 * round-robin in sorted name order (deterministic, no seed to carry).
 * @internal
 */

/** Fold (0..k−1) of every distinct part name in `parts`. */
export function foldOfParts(parts: Iterable<string>, k: number): Map<string, number> {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds: need an integer ≥ 2, got ${k}`);
  const names = [...new Set(parts)].sort();
  return new Map(names.map((n, i) => [n, i % k]));
}
