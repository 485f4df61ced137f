/**
 * Blend scraps in a segmented mesh's depression: where a pocket's corner radius, floor fillet or a round running into
 * the pocket is a dense free-form patch, the segmentation cuts it into many small faces fitted as spheres, tori, cones
 * and short cylinders (a corner patch of r0.26 became six r0.26 "spheres" of ~250 triangles each on
 * syn_s301_000090). They are part of the pocket's radii, not a round end or a floor of their own, so the pocket rule
 * does not count them as the pocket's curved faces.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { dot3 } from '../../../geometry/vec3.js';
import type { Depression, RuleContext } from './rule-context.js';

/**
 * The largest share of a depression's area a blend scrap covers. A pocket's own curved faces — round ends, cylinders
 * along its depth, which are never scraps — cover a sizeable part of it; the corner scraps seen on generated meshes
 * cover under 0.1 % each, and the largest piece of a round fitted as a torus 1.5 % (syn_s301_000090).
 */
export const MAX_BLEND_SCRAP_AREA_SHARE = 0.02;

/**
 * The faces of `dep` that are blend scraps of a segmented mesh: concave mesh faces (with triangles) on a curved surface
 * other than a cylinder along `depth`, each covering at most {@link MAX_BLEND_SCRAP_AREA_SHARE} of the depression's area.
 * Empty for B-Rep faces, whose curved faces are real faces.
 */
export function meshBlendScraps(ctx: RuleContext, dep: Depression, depth: Vec3): Set<number> {
  const { faces } = ctx.graph;
  const out = new Set<number>();
  if (!dep.faces.some((f) => faces[f].triangles !== undefined)) return out;
  const total = dep.faces.reduce((a, f) => a + faces[f].area, 0);
  for (const fi of dep.faces) {
    const f = faces[fi];
    // a pocket's radii are concave (hole side); a convex scrap is a round on an edge or a boss, which the pocket's
    // class does not take in (syn_s301_000093, coarsely tessellated: a rim round's scraps in a pocket's depression)
    if (f.triangles === undefined || f.kind === 'plane' || !f.inward) continue;
    if (f.kind === 'cylinder' && f.axis && Math.abs(dot3(f.axis, depth)) >= 0.97) continue;
    if (f.area <= MAX_BLEND_SCRAP_AREA_SHARE * total) out.add(fi);
  }
  return out;
}

/**
 * True when face `f` of `dep` is a small facet scrap of a segmented mesh: a mesh face (with triangles) covering at most
 * {@link MAX_BLEND_SCRAP_AREA_SHARE} of the depression's area. A curved face's single facet that the segmentation left
 * as a plane of its own (syn_s301_000052: one triangle of an O-ring groove's outer wall, 78° off the groove's axis) is
 * no face of the feature's own shape. False for B-Rep faces.
 */
export function isMeshFacetScrap(ctx: RuleContext, dep: Depression, f: number): boolean {
  const { faces } = ctx.graph;
  if (faces[f].triangles === undefined) return false;
  const total = dep.faces.reduce((a, g) => a + faces[g].area, 0);
  return faces[f].area <= MAX_BLEND_SCRAP_AREA_SHARE * total;
}
