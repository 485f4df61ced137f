/**
 * Passages (through pockets): a depression open to both sides of one axis and nothing else, every face
 * parallel to that axis. Wall count: 3 → triangular, 4 → rectangular, 6 → six-sided. Cylinders along the
 * axis (an obround's round ends, a rounded rectangle's corner radii) are walls of the same cut: the
 * vocabulary has no obround passage, and docs/labelling.md calls such cuts `rectangular_passage`; the
 * outline comes from the planar walls. Parameters: depth (the through length), length, width, wall count.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { allSquareOrDraftedTo, describeDepression, facesSurroundAxis, wallOutline, type DepressionShape, type WallOutline } from './depression-shape.js';
import type { RuleContext } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';
import { boxParameters } from './measure-parameters.js';

export const passageRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 1) return null;
  if (s.curved.some((f) => ctx.graph.faces[f].kind !== 'cylinder')) return null;
  const axis = s.throughAxes[0];
  // square to the axis, or drafted (a cast window's walls lean a few degrees so its core draws out)
  if (!allSquareOrDraftedTo(ctx, dep.faces, axis)) return null;
  const n = s.wallNormalCount;
  const outline = wallOutline(ctx, s, ctx.axes[axis]);
  if (s.openDirs.length !== 0 && !closedAcross(ctx, s, dep.faces, axis, outline)) return null;
  const classId = outline === 'triangular' ? CLASS.triangularPassage : outline === 'rectangular' ? CLASS.rectangularPassage : CLASS.sixSidesPassage;
  return {
    classId,
    faces: dep.faces,
    bottomFaces: [],
    confidence: 0.8,
    parameters: { ...boxParameters(ctx, dep.faces, 2 * axis), wallCount: n },
    rule: 'passage',
  };
};

/**
 * A depression open across its through axis as well (another cut's face added that side) is still a passage when its
 * own walls close it across the axis: they surround the axis — every side is closed by its own wall, and the opening
 * is where the other cut crossed an edge between two walls (docs/labelling.md, "when a side is closed") — or, four or
 * more distinct wall directions at other than square turns with two walls facing each other, they are what the other
 * cut left of a polygon's ring. A step's faces all face the side it opens to, and no slot of the vocabulary has more
 * than three wall directions.
 */
function closedAcross(ctx: RuleContext, s: DepressionShape, faces: readonly number[], axis: number, outline: WallOutline): boolean {
  if (facesSurroundAxis(ctx, faces, axis)) return true;
  return outline === 'six-sided' && s.wallNormalCount >= 4 && hasFacingPlanes(ctx, s.walls);
}

/** True when two of the planar faces face each other (opposite normals within ≈ 1.8°). */
function hasFacingPlanes(ctx: RuleContext, faces: readonly number[]): boolean {
  const normals = faces.map((f) => ctx.graph.faces[f].normal).filter((n): n is NonNullable<typeof n> => !!n);
  return normals.some((a, i) => normals.some((b, j) => j > i && dot3(a, b) < -0.9995));
}
