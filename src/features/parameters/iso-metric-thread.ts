/**
 * ISO metric screw threads (ISO 261 / ISO 262 preferred sizes): which pitch, if any, a pair of coaxial
 * hole diameters stands for — the thread's nominal (major) diameter modelled as a cylinder over the
 * thread length above the tap-drill hole (a "cosmetic" thread: the helix itself is not modelled).
 * @internal
 */

/** Nominal diameter (mm) → coarse pitch first, then the fine ones (ISO 261). */
const ISO_METRIC_PITCHES_MM: ReadonlyArray<readonly [number, readonly number[]]> = [
  [1.6, [0.35, 0.2]], [2, [0.4, 0.25]], [2.5, [0.45, 0.35]], [3, [0.5, 0.35]], [4, [0.7, 0.5]], [5, [0.8, 0.5]],
  [6, [1, 0.75]], [8, [1.25, 1, 0.75]], [10, [1.5, 1.25, 1]], [12, [1.75, 1.5, 1.25]], [14, [2, 1.5]], [16, [2, 1.5]],
  [18, [2.5, 2, 1.5]], [20, [2.5, 2, 1.5]], [22, [2.5, 2, 1.5]], [24, [3, 2]], [27, [3, 2]], [30, [3.5, 2]], [36, [4, 3]],
];

/**
 * The pitch of the ISO metric thread whose nominal diameter is `majorMm` and whose tap-drill (or minor)
 * diameter is `minorMm`, or null when the pair is no such thread. The nominal size must match within 2 %
 * and `major − minor` must lie between 0.9 and 1.15 pitches (tap drill = nominal − pitch; the basic minor
 * diameter = nominal − 1.0825 × pitch); the closest pitch wins.
 */
export function isoMetricPitchMm(majorMm: number, minorMm: number): number | null {
  const size = ISO_METRIC_PITCHES_MM.find(([d]) => Math.abs(majorMm - d) <= 0.02 * d);
  if (!size) return null;
  const step = majorMm - minorMm;
  let best: number | null = null;
  for (const p of size[1]) {
    if (step < 0.9 * p || step > 1.15 * p) continue;
    if (best === null || Math.abs(step - 1.04 * p) < Math.abs(step - 1.04 * best)) best = p;
  }
  return best;
}
