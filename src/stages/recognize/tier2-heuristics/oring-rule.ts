/**
 * O-ring grooves: coaxial cylinders/tori where at least one is convex (a groove floor around a shaft,
 * or the inner wall of a face groove), planar faces perpendicular to the axis. Parameters: inner and
 * outer diameter, width (along the axis) or depth.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { coaxial } from './hole-rule.js';
import { extentAlong, roundParameter } from './measure-parameters.js';
import { dot3 } from '../../../geometry/vec3.js';
import { isMeshFacetScrap } from './mesh-blend-scraps.js';


export const oringRule: FeatureRule = (ctx, dep) => {
  if (dep.faces.length < 2) return null;
  const faces = dep.faces.map((i) => ctx.graph.faces[i]);
  const curved = faces.filter((f) => f.kind !== 'plane');
  const ref = curved.find((f) => f.kind === 'cylinder' || f.kind === 'torus');
  if (!ref || !ref.axis) return null;
  if (!curved.every((f) => (f.kind === 'cylinder' || f.kind === 'torus') && coaxial(ref, f, ctx.tolMm))) return null;
  if (!curved.some((f) => !f.inward)) return null;
  // planes square to the axis (the groove's floor); on a segmented mesh a small facet scrap of a wall rides along
  if (!faces.every((f) => f.kind !== 'plane' || (f.normal && Math.abs(dot3(f.normal, ref.axis!)) > 0.9995) || isMeshFacetScrap(ctx, dep, f.index))) return null;
  const radii = curved.map((f) => (f.kind === 'torus' ? (f.majorRadius ?? 0) : (f.radius ?? 0)));
  const [lo, hi] = extentAlong(ctx, dep.faces, ref.axis);
  return {
    classId: CLASS.oring,
    faces: dep.faces,
    bottomFaces: curved.filter((f) => !f.inward).map((f) => f.index),
    confidence: 0.75,
    parameters: {
      innerDiameterMm: roundParameter(2 * Math.min(...radii)),
      outerDiameterMm: roundParameter(2 * Math.max(...radii)),
      widthMm: roundParameter(hi - lo),
    },
    rule: 'oring',
  };
};
