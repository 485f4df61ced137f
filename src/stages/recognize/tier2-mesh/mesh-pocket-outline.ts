/**
 * A pocket's outline on a segmented mesh, from its walls along its depth only. The pocket rule names a pocket by the
 * normals of its planar walls (`wallOutline`: pairwise square → rectangular, else six-sided or triangular), and it
 * counts every planar face that is not a bottom as a wall. On a mesh, a dense curved face of the pocket (a bull-nose
 * cutter's floor torus or a B-spline corner patch) leaves scraps of one to a few triangles that the segmentation fits
 * as planes; their normals lean off the walls' (by 7–28° on generated parts), and one of them turns a rectangular pocket
 * into a six-sided one — every face of the pocket then has the wrong class. A pocket's walls stand along its depth, so
 * here only planar faces square to the depth (the normal of its bottom) name the outline, largest first, and a wall
 * within a few degrees of a larger one (a facet of a wide corner radius fitted as a plane, or a scrap) adds no side. Mesh input only: a B-Rep
 * face is the face the CAD tool made, and the pocket rule's outline stands.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import type { FeatureGraph } from '../tier2-heuristics/feature-graph.js';
import { CLASS, type RuleMatch } from '../tier2-heuristics/rule-match.js';
import { PARALLEL_COS } from '../tier2-heuristics/rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';

/** |cos| below which a wall's normal counts as square to the depth, as the rules' 0.03. */
const SQUARE_COS = 0.03;

/**
 * |cos| above which a wall that is not parallel to a larger one is taken for a facet of a curved face (within 20°):
 * the sides of a generated polygon pocket turn by 60° or more, and a triangle's sides by far more than 20°.
 */
const FACET_COS = Math.cos((20 * Math.PI) / 180);

const POLYGON_POCKETS: ReadonlySet<number> = new Set([CLASS.triangularPocket, CLASS.rectangularPocket, CLASS.sixSidesPocket]);

/**
 * Rename the polygonal pockets of `features` by the walls square to their depth (in place, with `faceClass`). A pocket
 * without a planar bottom, or without such a wall, keeps its class. Returns the pockets renamed.
 */
export function outlineMeshPockets(graph: FeatureGraph, features: readonly RuleMatch[], faceClass: number[]): RuleMatch[] {
  const renamed: RuleMatch[] = [];
  for (const m of features) {
    if (!POLYGON_POCKETS.has(m.classId)) continue;
    const depth = m.bottomFaces.map((f) => graph.faces[f].normal).find((n): n is Vec3 => n !== null);
    if (!depth) continue;
    const bottoms = new Set(m.bottomFaces);
    const walls = m.faces
      .map((f) => graph.faces[f])
      .filter((g) => !bottoms.has(g.index) && g.kind === 'plane' && g.normal !== null && Math.abs(dot3(g.normal, depth)) < SQUARE_COS)
      .sort((a, b) => b.area - a.area);
    const normals: Vec3[] = [];
    for (const g of walls) {
      const n = g.normal!;
      // a facet a few degrees off a larger wall is a piece of a curved face, not a side of its own
      if (normals.some((o) => dot3(o, n) > PARALLEL_COS || (Math.abs(dot3(o, n)) > FACET_COS && Math.abs(dot3(o, n)) < PARALLEL_COS))) continue;
      normals.push(n);
    }
    if (normals.length === 0) continue;
    const classId = outlineClass(normals);
    if (classId === m.classId) continue;
    m.classId = classId;
    for (const f of m.faces) faceClass[f] = classId;
    renamed.push(m);
  }
  return renamed;
}

/** The pocket class of distinct wall normals, as `wallOutline` names it: pairwise square → rectangular. */
function outlineClass(normals: readonly Vec3[]): number {
  for (let i = 0; i < normals.length; i++)
    for (let j = i + 1; j < normals.length; j++) {
      const c = Math.abs(dot3(normals[i], normals[j]));
      if (c > SQUARE_COS && c < PARALLEL_COS) return normals.length >= 4 ? CLASS.sixSidesPocket : CLASS.triangularPocket;
    }
  return CLASS.rectangularPocket;
}
