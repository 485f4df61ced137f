/**
 * Chamfers: a single planar face, slanted to the stock axes, meeting its neighbours only along convex
 * arcs (at least two); or a cone blend (`blend-faces.ts`): inward, a hole's entry cone (rule `countersink`),
 * outward, the bevel of a shaft's or boss's rim (rule `chamfer`). There is no size limit: a wide corner cut is a chamfer too (the accuracy in
 * docs/tier2.md was measured this way). Parameters: length (the face's largest bounding-box extent),
 * width (area / length) and the angles to its two largest neighbours.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { otherFace, type GraphFace } from './feature-graph.js';
import { countersinkMatch } from './hole-rule.js';
import { angleBetweenFacesDeg, roundParameter } from './measure-parameters.js';

export const chamferRule: FeatureRule = (ctx, dep) => {
  if (dep.faces.length !== 1) return null;
  const fi = dep.faces[0];
  const f = ctx.graph.faces[fi];
  if (f.kind === 'cone' && ctx.blend[fi] === 'chamfer') {
    if (f.inward) return countersinkMatch(f);
    // a bevelled outer rim (a shaft's or a boss's end): a chamfer of the convex edge it replaced
    return { ...countersinkMatch(f), rule: 'chamfer' };
  }
  // a free-form piece of a bevel (blend-faces.ts: between a chamfer's planes and cones round a corner radius)
  if (f.kind === 'other' && ctx.blend[fi] === 'chamfer' && f.boundary) return { classId: CLASS.chamfer, faces: [fi], bottomFaces: [], confidence: 0.8, parameters: extentParameters(f), rule: 'chamfer' };
  if (f.kind !== 'plane' || !f.normal || ctx.dirOf(f.normal) >= 0) return null;
  if (ctx.blend[fi] !== 'chamfer') return null;
  const nbrs = ctx.graph.neighbours[fi]
    .map((ai) => ctx.graph.faces[otherFace(ctx.graph.arcs[ai], fi)])
    .filter((g) => g.normal)
    .sort((a, b) => b.area - a.area);
  const parameters: Record<string, number> = {};
  if (nbrs.length >= 2) {
    parameters.angle1Deg = angleBetweenFacesDeg(f.normal, nbrs[0].normal!);
    parameters.angle2Deg = angleBetweenFacesDeg(f.normal, nbrs[1].normal!);
  }
  return { classId: CLASS.chamfer, faces: [fi], bottomFaces: [], confidence: 0.8, parameters: { ...parameters, ...extentParameters(f) }, rule: 'chamfer' };
};

/** Length (the face's largest bounding-box extent) and width (area / length). */
function extentParameters(f: GraphFace): Record<string, number> {
  const e = [0, 1, 2].map((k) => f.bbox.max[k] - f.bbox.min[k]).sort((a, b) => b - a);
  return { lengthMm: roundParameter(e[0]), widthMm: roundParameter(e[0] > 0 ? f.area / e[0] : 0) };
}
