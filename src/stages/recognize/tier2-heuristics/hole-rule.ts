/**
 * Holes: every curved face an inward cylinder or cone on one common axis, every planar face
 * perpendicular to that axis (counterbore shoulders, the bottom). Open at both ends of the axis →
 * through hole, else blind. Stacks: several cylinder radii → counterbore; a cone at the entry →
 * countersink. Parameters: diameterMm (smallest cylinder), depthMm (along the axis), and when present
 * counterboreDiameterMm/counterboreDepthMm, countersinkAngleDeg.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { extentAlong } from './measure-parameters.js';
import { roundParameter } from './measure-parameters.js';
import { arcCounts } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';


/** True when the two axes coincide (parallel, and b's origin on a's line) within tolerance. */
export function coaxial(a: { axis: Vec3 | null; origin: Vec3 }, b: { axis: Vec3 | null; origin: Vec3 }, tolMm: number): boolean {
  if (!a.axis || !b.axis || Math.abs(dot3(a.axis, b.axis)) < 0.9995) return false;
  const d: Vec3 = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
  const t = dot3(d, a.axis);
  return Math.hypot(d[0] - t * a.axis[0], d[1] - t * a.axis[1], d[2] - t * a.axis[2]) < Math.max(tolMm * 10, 1e-3);
}

export const holeRule: FeatureRule = (ctx, dep) => {
  const faces = dep.faces.map((i) => ctx.graph.faces[i]);
  const curved = faces.filter((f) => f.kind !== 'plane');
  if (curved.length === 0) return null;
  const ref = curved.find((f) => f.kind === 'cylinder');
  if (!ref || !ref.axis) return null;
  for (const f of curved) {
    if ((f.kind !== 'cylinder' && f.kind !== 'cone') || !f.inward || !coaxial(ref, f, ctx.tolMm)) return null;
  }
  const axis = ref.axis;
  for (const f of faces) if (f.kind === 'plane' && (!f.normal || Math.abs(dot3(f.normal, axis)) < 0.9995)) return null;
  const axisDir = ctx.dirOf(axis);
  const S = dep.stockDirs;
  // a bottom closes the hole: a planar face (or cone tip) meeting the rest only along concave arcs
  const bottoms = faces.filter((f) => (f.kind === 'plane' || f.kind === 'cone') && arcCounts(ctx, f.index).convex === 0 && dep.faces.length > 1);
  const through = axisDir >= 0 ? S.has(axisDir) && S.has(axisDir ^ 1) : bottoms.length === 0;
  const cylinders = curved.filter((f) => f.kind === 'cylinder');
  const radii = [...new Set(cylinders.map((f) => roundParameter(f.radius!)))].sort((a, b) => a - b);
  const [lo, hi] = extentAlong(ctx, dep.faces, axis);
  const parameters: Record<string, number> = { diameterMm: roundParameter(2 * radii[0]), depthMm: roundParameter(hi - lo) };
  if (radii.length > 1) {
    const big = cylinders.filter((f) => roundParameter(f.radius!) === radii[radii.length - 1]).map((f) => f.index);
    const [blo, bhi] = extentAlong(ctx, big, axis);
    parameters.counterboreDiameterMm = roundParameter(2 * radii[radii.length - 1]);
    parameters.counterboreDepthMm = roundParameter(bhi - blo);
  }
  const cone = curved.find((f) => f.kind === 'cone');
  if (cone && cone.semiAngleRad !== null) parameters.countersinkAngleDeg = roundParameter((2 * cone.semiAngleRad * 180) / Math.PI);
  const classId = through ? CLASS.throughHole : CLASS.blindHole;
  return {
    classId,
    faces: dep.faces,
    bottomFaces: through ? [] : bottoms.map((f) => f.index),
    confidence: 0.85,
    parameters,
    rule: radii.length > 1 ? 'counterbore-hole' : cone ? 'countersink-hole' : through ? 'through-hole' : 'blind-hole',
  };
};
