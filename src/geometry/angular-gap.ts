/**
 * The largest empty gap between angular positions on a circle (hole walls, cylinder spans).
 * @internal
 */

/**
 * The largest gap between consecutive `angles` on a circle of `period` (360 for degrees, 2π for radians),
 * the wrap-around gap (first + period − last) included. Needs at least two angles; `angles` is not changed.
 *
 * The same number as sorting a copy with `(a, b) => a - b` and scanning it, which is what the callers did: the
 * angles are sorted as a Float64Array (a native numeric sort, no comparator called per pair, no number boxed per
 * comparison — on a part with many holes this ran over every hole's boundary points, unoptimized). Both sorts
 * give the same sequence of values but for the order of +0 and −0, which no difference or sum below can tell
 * apart (x − 0 = x − (−0); a zero gap is never larger than the wrap gap's start value once a positive one is
 * seen, and Math.max(+0, −0) is +0 either way); with a NaN among the angles (where a comparator sort's order is
 * the engine's own) the comparator sort is kept.
 */
export function largestAngularGap(angles: readonly number[], period: number): number {
  let sorted: ArrayLike<number>;
  if (angles.some(Number.isNaN)) sorted = [...angles].sort((a, b) => a - b);
  else sorted = Float64Array.from(angles).sort();
  let gap = sorted[0] + period - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) gap = Math.max(gap, sorted[i] - sorted[i - 1]);
  return gap;
}
