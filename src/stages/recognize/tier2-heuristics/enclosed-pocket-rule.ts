/**
 * The last rule, for a depression that meets no stock face it could open to (a pocket cut into a slanted
 * step, an O-ring groove's floor or a V-slot's wall — its rim is on another feature's faces): when all its
 * faces are built around one principal direction `d` — planar faces facing `d` (the floor) or
 * perpendicular to it (the walls), curved faces with their axis along `d` — it is a pocket entered along
 * `d`, named by its wall outline like {@link pocketRule}'s. Tried only after the other rules and the
 * reopened depression failed.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression, wallOutline } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import { dot3 } from '../../../geometry/vec3.js';

export const enclosedPocketRule: FeatureRule = (ctx, dep) => {
  const faces = dep.faces.map((i) => ctx.graph.faces[i]);
  let access = -1;
  for (let d = 0; d < 6; d++) {
    const v = ctx.dirVector(d);
    const floors = faces.filter((f) => f.normal && ctx.dirOf(f.normal) === d);
    if (floors.length === 0) continue;
    const fits = faces.every((f) => {
      if (f.normal) return ctx.dirOf(f.normal) === d || Math.abs(dot3(f.normal, v)) < 0.03;
      return f.kind === 'cylinder' && f.axis !== null && Math.abs(dot3(f.axis, v)) > 0.9995;
    });
    if (!fits) continue;
    if (access >= 0) return null; // two candidate directions: not one pocket
    access = d;
  }
  if (access < 0) return null;
  const s = describeDepression(ctx, { faces: dep.faces, stockDirs: new Set([access]) });
  let classId: number;
  if (s.curved.length > 0) classId = CLASS.circularEndPocket;
  else {
    const outline = wallOutline(ctx, s);
    classId = outline === 'triangular' ? CLASS.triangularPocket : outline === 'rectangular' ? CLASS.rectangularPocket : CLASS.sixSidesPocket;
  }
  const bottoms = s.bottoms.filter((f) => s.dir.get(f) === access);
  return { classId, faces: dep.faces, bottomFaces: bottoms, confidence: 0.5, parameters: { ...boxParameters(ctx, dep.faces, access), wallCount: s.wallNormalCount }, rule: 'enclosed-pocket' };
};
