/**
 * Threads modelled as faces: the flanks (and crest band) of a thread are free-form surfaces swept along a
 * helix around the hole's axis. A free-form face is a thread face of a hole when its boundary stays in a
 * ring around the hole's axis — from the hole's wall out to at most {@link THREAD_MAX_MAJOR_RATIO} × its
 * radius — and winds all the way round it. The pitch is measured from the helix itself: a point of a helix
 * at angle θ around the axis and height t satisfies t = p·θ/2π + c (mod p), so for the true pitch p the
 * phase 2π·t/p − θ is the same for every point of one helix (one value per helical edge); for any other
 * pitch it drifts with the turns. The measured pitch is the one that packs the boundary points' phases
 * into the fewest bins.
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import { perpendicularFrame } from '../../geometry/vec3.js';

/** A thread's major radius is at most this many times the hole's (tap drill) radius (M1.6: 1.33; coarser pitches of small sizes stay below 1.5). */
export const THREAD_MAX_MAJOR_RATIO = 1.5;

/** A thread face winds round the axis: its boundary leaves no angular gap wider than this (degrees). */
const MAX_GAP_DEG = 45;

const PHASE_BINS = 72;

/** At the measured pitch at least this share of the points falls in the helices' phase bins. */
const MIN_CONCENTRATION = 0.85;

/** The boundary of a thread's faces holds at most this many helices (two flanks' roots and a crest's two edges). */
const MAX_HELICES = 4;

/** Axial position, radius and angle of points about an axis, in a frame (u, v, axis). */
export function cylindricalCoordinates(points: Float64Array, origin: Vec3, axis: Vec3): { t: Float64Array; r: Float64Array; theta: Float64Array } {
  const [u, v] = perpendicularFrame(axis);
  const n = Math.floor(points.length / 3);
  const t = new Float64Array(n), r = new Float64Array(n), theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q0 = points[3 * i] - origin[0], q1 = points[3 * i + 1] - origin[1], q2 = points[3 * i + 2] - origin[2];
    const x = q0 * u[0] + q1 * u[1] + q2 * u[2], y = q0 * v[0] + q1 * v[1] + q2 * v[2];
    t[i] = q0 * axis[0] + q1 * axis[1] + q2 * axis[2];
    r[i] = Math.hypot(x, y);
    theta[i] = Math.atan2(y, x);
  }
  return { t, r, theta };
}

/**
 * Whether a free-form face with these boundary points is a thread face of the hole of radius `holeRadius`
 * on this axis: every point in the ring [holeRadius − tol, THREAD_MAX_MAJOR_RATIO × holeRadius + tol] and
 * the points all round the axis.
 */
export function isThreadFaceBoundary(points: Float64Array, origin: Vec3, axis: Vec3, holeRadius: number, tolMm: number): boolean {
  const { r, theta } = cylindricalCoordinates(points, origin, axis);
  if (r.length < 8) return false;
  for (const x of r) if (x < holeRadius - tolMm || x > THREAD_MAX_MAJOR_RATIO * holeRadius + tolMm) return false;
  const a = Array.from(theta, (x) => (x * 180) / Math.PI).sort((p, q) => p - q);
  let gap = a[0] + 360 - a[a.length - 1];
  for (let i = 1; i < a.length; i++) gap = Math.max(gap, a[i] - a[i - 1]);
  return gap <= MAX_GAP_DEG;
}

/** Share of points in the fullest bins (two per helix) for pitch p. */
function phaseConcentration(t: Float64Array, theta: Float64Array, p: number, hand: number, bins: Int32Array): number {
  bins.fill(0);
  const k = PHASE_BINS / (2 * Math.PI);
  for (let i = 0; i < t.length; i++) {
    let phase = ((2 * Math.PI * t[i]) / p - hand * theta[i]) % (2 * Math.PI);
    if (phase < 0) phase += 2 * Math.PI;
    bins[Math.min(PHASE_BINS - 1, Math.floor(phase * k))]++;
  }
  // two bins per helix: a phase right on a bin border must not split its helix
  const sorted = Array.from(bins).sort((x, y) => y - x);
  let best = 0;
  for (let i = 0; i < 2 * MAX_HELICES; i++) best += sorted[i];
  return best / t.length;
}

/**
 * The pitch (mm) of the helices the points lie on, searched from `minPitchMm` to `maxPitchMm`; null when no
 * pitch packs the phases (the points are not on helices of one pitch). Single-start threads.
 */
export function measureHelixPitchMm(points: Float64Array, origin: Vec3, axis: Vec3, minPitchMm: number, maxPitchMm: number): number | null {
  const all = cylindricalCoordinates(points, origin, axis);
  if (!(maxPitchMm > minPitchMm) || minPitchMm <= 0) return null;
  let lo = Infinity, hi = -Infinity;
  for (const x of all.t) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  // The thread's ends are where the helices were cut off by the faces the hole opens into: those end curves
  // lie at the extremes along the axis and are no helices, so they are left out.
  const endTol = 1e-3 * Math.max(1, hi - lo);
  const keep = Array.from(all.t.keys()).filter((i) => all.t[i] > lo + endTol && all.t[i] < hi - endTol);
  if (keep.length < 16) return null;
  const t = Float64Array.from(keep, (i) => all.t[i]);
  const theta = Float64Array.from(keep, (i) => all.theta[i]);
  const length = Math.max(hi - lo, minPitchMm);
  const bins = new Int32Array(PHASE_BINS);
  // a pitch error δ drifts the phase by 2π·length·δ/p² over the thread: steps keep that under a bin
  const scan: { p: number; c: number; hand: number }[] = [];
  for (const hand of [1, -1])
    for (let p = minPitchMm; p <= maxPitchMm; p += (p * p) / (length * PHASE_BINS)) scan.push({ p, c: phaseConcentration(t, theta, p, hand, bins), hand });
  const best = Math.max(...scan.map((x) => x.c));
  if (best < MIN_CONCENTRATION) return null;
  // Points sampled at regular angles also pack at pitch/m for some m (the drift of the wrong pitch lands on a
  // few sample angles): the true pitch is the largest one that packs as well as the best.
  const chosen = scan.filter((x) => x.c >= best - 0.03).reduce((m, x) => (x.p > m.p ? x : m));
  const bestP = chosen.p, bestHand = chosen.hand;
  // refine around the best step: the middle of the pitches that pack the phases best
  const step = (bestP * bestP) / (length * PHASE_BINS);
  const fine: { p: number; c: number }[] = [];
  for (let p = bestP - 2 * step; p <= bestP + 2 * step; p += step / 25) fine.push({ p, c: phaseConcentration(t, theta, p, bestHand, bins) });
  const top = Math.max(...fine.map((f) => f.c));
  const at = fine.filter((f) => f.c >= top - 1e-9);
  return at.reduce((s, f) => s + f.p, 0) / at.length;
}
