/**
 * Rounds and fillets: a cylinder, torus or sphere face joined tangentially (smooth arcs) to at least one
 * neighbour and concave to none. A convex blend (outward normal away from the axis) is a round, a concave
 * one (material outside) a fillet; both take the `round` class. Parameters: radius.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { roundParameter } from './measure-parameters.js';

export const roundRule: FeatureRule = (ctx, dep) => {
  if (dep.faces.length !== 1) return null;
  const fi = dep.faces[0];
  const f = ctx.graph.faces[fi];
  if (f.kind !== 'cylinder' && f.kind !== 'torus' && f.kind !== 'sphere' && ctx.blend[fi] !== 'round') return null;
  if (ctx.blend[fi] !== 'round') return null;
  return {
    classId: CLASS.round,
    faces: [fi],
    bottomFaces: [],
    confidence: 0.8,
    parameters: { radiusMm: roundParameter(f.radius ?? 0), convex: f.inward ? 0 : 1 },
    rule: f.inward ? 'fillet' : 'round',
  };
};
