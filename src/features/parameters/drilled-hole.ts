/**
 * Whether a hole stack is a drilled hole, whatever a tier called its faces. A plain stack is a hole when its
 * drill wall closes around the axis (a gap under {@link HOLE_MAX_WALL_GAP_DEG}: a quarter-cylinder fillet or a
 * slot's round end leaves a wider one). A composite stack — a counterbore with its shoulder, a countersink
 * cone wider than the drill, a counterdrill — is made only by drilling tools, so it stays a hole when a later
 * slot, pocket or step cut most of its wall away (a drill cut down to a sliver beside a slot); but not when a
 * wall of the stack runs on smoothly into a neighbour (a pocket's corner radius under a chamfered rim reads as
 * a cylinder with an entry cone; a drilled wall meets the cutter that opened it along a sharp edge).
 * @internal
 */
import type { FeatureGeometry, MeasuredFace } from './feature-geometry.js';
import { PARALLEL_COS, distanceToAxis, dot, stackToleranceMm } from './hole-axis.js';
import { HOLE_MAX_WALL_GAP_DEG, type HoleStack } from './hole-stack.js';

/** True when the stack (faces from `findHoleStacks`, described as `stack`) is a drilled hole. */
export function isDrilledHole(geom: FeatureGeometry, faces: readonly number[], stack: HoleStack): boolean {
  if (stack.wallGapDeg < HOLE_MAX_WALL_GAP_DEG) return true;
  if (!stack.composite) return false;
  const tol = stackToleranceMm(geom, faces);
  return !faces.some((f) => geom.face(f).kind === 'cylinder' && geom.neighbours(f).some((n) => tangentAlongAxis(geom.face(f), geom.face(n), tol)));
}

/**
 * A cylinder and a neighbour that meet tangentially along lines parallel to the cylinder's axis: a plane
 * parallel to the axis at the radius's distance, or a parallel cylinder whose axis lies at the sum or the
 * difference of the radii (not a coaxial one).
 */
function tangentAlongAxis(cyl: MeasuredFace, n: MeasuredFace, tol: number): boolean {
  const axis = cyl.axis!;
  const r = cyl.radius!;
  if (n.kind === 'plane' && n.normal) {
    if (Math.abs(dot(axis, n.normal)) > 1 - PARALLEL_COS) return false;
    const d = Math.abs(dot(n.normal, cyl.origin) - dot(n.normal, n.origin));
    return Math.abs(d - r) <= tol;
  }
  if (n.kind === 'cylinder' && n.axis && n.radius !== null && Math.abs(dot(axis, n.axis)) >= PARALLEL_COS) {
    const d = distanceToAxis(n.origin, cyl.origin, axis);
    if (d <= tol) return false;
    return Math.abs(d - (r + n.radius)) <= tol || Math.abs(d - Math.abs(r - n.radius)) <= tol;
  }
  return false;
}
