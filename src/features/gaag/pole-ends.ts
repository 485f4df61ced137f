/**
 * Sampled boundary pieces at a pole of the surface (a coordinate line that collapses to one point: a
 * sphere's pole, a cone's apex, a B-spline patch with a degenerate side), where every value of one
 * parameter gives the same point:
 * - inverting the samples after one on the pole: Newton started there stays there (its system is
 *   singular), so the rest of the edge stayed on the pole; it starts off the pole instead;
 * - the end samples on the pole: the inversion's choice of the free parameter is arbitrary (the previous
 *   piece's, or the seed search's); OpenCascade's pcurve reaches the pole with the parameter it approaches
 *   it with, and the degenerated edge runs along the pole from there. Taking the neighbouring sample's
 *   value does the same, so that the gap segment closing the loop lies on the pole line: a diagonal gap
 *   instead cuts a slice out of the face.
 * D25 faces 136 and 138 read 0.0001 mm² for OpenCascade's 24.7 with both.
 *
 * @internal
 */
import type { Surface, Vec2, Vec3 } from '../../model/index.js';
import { evaluateSurface, surfaceDerivatives, surfaceDomain } from '../../geometry/surface-eval.js';

const here: Vec3 = [0, 0, 0];
const next: Vec3 = [0, 0, 0];
const moved: Vec3 = [0, 0, 0];

/**
 * A pole moves the point by nothing; this fraction of the sample step (the distance to the neighbour)
 * leaves room for rounding and nearly coincident control points, and bounds what a replacement can
 * move a non-pole end by.
 */
const POLE_FRACTION = 1e-6;

/**
 * Moves the first and last point of a sampled uv polyline (flattened u, v pairs) onto the coordinate
 * line of their neighbour when that does not move their surface point (in place).
 */
export function settleEndsOnPoles(s: Surface, poly: number[]): void {
  const n = poly.length / 2;
  if (n < 2) return;
  settle(s, poly, 0, 1);
  settle(s, poly, n - 1, n - 2);
}

function settle(s: Surface, poly: number[], end: number, neighbour: number): void {
  const u = poly[end * 2], v = poly[end * 2 + 1];
  const un = poly[neighbour * 2], vn = poly[neighbour * 2 + 1];
  evaluateSurface(s, u, v, here);
  evaluateSurface(s, un, vn, next);
  const step = dist(here, next);
  if (!(step > 0)) return;
  if (un !== u && dist(evaluateSurface(s, un, v, moved), here) <= POLE_FRACTION * step) poly[end * 2] = un;
  else if (vn !== v && dist(evaluateSurface(s, u, vn, moved), here) <= POLE_FRACTION * step) poly[end * 2 + 1] = vn;
}

function dist(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const sP: Vec3 = [0, 0, 0];
const sU: Vec3 = [0, 0, 0];
const sV: Vec3 = [0, 0, 0];
/** Values of the free parameter tried by {@link startOffPole}. */
const POLE_AIM_SAMPLES = 32;

/**
 * A Newton start for projecting `p` from `hint` (into `out`): the hint itself, unless it lies on a pole
 * (one partial derivative vanishes there); then the free parameter whose coordinate line leaves the
 * pole most directly towards p (sampled over its range), moved along that line by one Newton step.
 */
export function startOffPole(s: Surface, p: Vec3, hint: Vec2, out: Vec2): Vec2 {
  out[0] = hint[0];
  out[1] = hint[1];
  surfaceDerivatives(s, hint[0], hint[1], sP, sU, sV);
  const a = sU[0] * sU[0] + sU[1] * sU[1] + sU[2] * sU[2];
  const c = sV[0] * sV[0] + sV[1] * sV[1] + sV[2] * sV[2];
  const freeU = a <= 1e-16 * c;
  if (!freeU && !(c <= 1e-16 * a)) return out;
  const d = surfaceDomain(s);
  const [lo, hi] = freeU ? [d[0], d[1]] : [d[2], d[3]];
  const [olo, ohi] = freeU ? [d[2], d[3]] : [d[0], d[1]];
  const other = freeU ? hint[1] : hint[0];
  if (!Number.isFinite(lo + hi + olo + ohi)) return out;
  // the other parameter steps into its range: down from a pole at its top, up from one at its bottom
  const sense = other > (olo + ohi) / 2 ? -1 : 1;
  let best = NaN;
  let bestCos = -Infinity;
  for (let k = 0; k <= POLE_AIM_SAMPLES; k++) {
    const t = lo + ((hi - lo) * k) / POLE_AIM_SAMPLES;
    if (freeU) surfaceDerivatives(s, t, other, sP, sU, sV);
    else surfaceDerivatives(s, other, t, sP, sU, sV);
    const dir = freeU ? sV : sU;
    const len = Math.hypot(dir[0], dir[1], dir[2]);
    if (!(len > 0)) continue;
    const cos = (sense * (dir[0] * (p[0] - sP[0]) + dir[1] * (p[1] - sP[1]) + dir[2] * (p[2] - sP[2]))) / len;
    if (cos > bestCos) {
      bestCos = cos;
      best = t;
    }
  }
  if (!Number.isFinite(best)) return out;
  if (freeU) surfaceDerivatives(s, best, other, sP, sU, sV);
  else surfaceDerivatives(s, other, best, sP, sU, sV);
  const dir = freeU ? sV : sU;
  const step = (dir[0] * (p[0] - sP[0]) + dir[1] * (p[1] - sP[1]) + dir[2] * (p[2] - sP[2])) / (dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
  const moved = Math.min(ohi, Math.max(olo, other + step));
  out[0] = freeU ? best : moved;
  out[1] = freeU ? moved : best;
  return out;
}
