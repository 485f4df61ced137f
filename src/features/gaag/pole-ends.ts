/**
 * uv of a sampled boundary piece's end that lies on a pole of the surface (a coordinate line that
 * collapses to one point: a sphere's pole, a cone's apex, a B-spline patch with a degenerate side).
 * There every value of one parameter gives the same point, so the inversion's choice is arbitrary (the
 * previous piece's, or the seed search's); OpenCascade's pcurve reaches the pole with the parameter it
 * approaches it with, and the degenerated edge runs along the pole from there. Taking the neighbouring
 * sample's value does the same, so that the gap segment closing the loop lies on the pole line: a
 * diagonal gap instead cuts a slice out of the face (D25 faces 136 and 138 read 0.0001 mm² for 24.7).
 *
 * @internal
 */
import type { Surface, Vec3 } from '../../model/index.js';
import { evaluateSurface } from '../../geometry/surface-eval.js';

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
