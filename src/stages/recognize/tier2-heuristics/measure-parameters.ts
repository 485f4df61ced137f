/**
 * Parameter measurement for recognised features: extents of a face group in a feature frame
 * (depth along the access direction, length ≥ width across it), from the faces' box corners — exact
 * for features aligned with the stock, an upper bound otherwise.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { RuleContext } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Extent [min, max] of the faces' box corners projected on `dir`. */
export function extentAlong(ctx: RuleContext, faces: readonly number[], dir: Vec3): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const fi of faces) {
    const { min, max } = ctx.graph.faces[fi].bbox;
    for (let c = 0; c < 8; c++) {
      const p: Vec3 = [c & 1 ? max[0] : min[0], c & 2 ? max[1] : min[1], c & 4 ? max[2] : min[2]];
      const t = dot3(p, dir);
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  return [lo, hi];
}

/**
 * Depth along the access direction `accessDir` (points out of the material, from the bottom to the
 * opening) and the two extents across it: `{ depthMm, lengthMm, widthMm }`.
 */
export function boxParameters(ctx: RuleContext, faces: readonly number[], accessDirId: number): Record<string, number> {
  const t = ctx.dirVector(accessDirId);
  const [lo, hi] = extentAlong(ctx, faces, t);
  const others = [0, 1, 2].filter((k) => k !== accessDirId >> 1).map((k) => {
    const [a, b] = extentAlong(ctx, faces, ctx.axes[k]);
    return b - a;
  });
  const lengthMm = Math.max(...others);
  const widthMm = Math.min(...others);
  return { depthMm: round(hi - lo), lengthMm: round(lengthMm), widthMm: round(widthMm) };
}

/** Angle (degrees) between two unit normals' planes, i.e. between the faces: 180 − angle of normals. */
export function angleBetweenFacesDeg(a: Vec3, b: Vec3): number {
  const c = Math.max(-1, Math.min(1, dot3(a, b)));
  return round(180 - (Math.acos(c) * 180) / Math.PI);
}

/** Round a parameter to 1e-6 mm. */
export const roundParameter = round;
