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
import { allSquareOrDraftedTo, describeDepression, facesSurroundAxis, wallOutline } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';

export const passageRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 1) return null;
  if (s.curved.some((f) => ctx.graph.faces[f].kind !== 'cylinder')) return null;
  const axis = s.throughAxes[0];
  // Open to a side across the axis too: still a passage when its walls surround the axis — every side is closed by its
  // own wall, and the side opening is another cut's face meeting the passage where that cut crossed a wall's edge
  // (docs/labelling.md, "when a side is closed"). A step's or slot's faces leave a half-turn free.
  if (s.openDirs.length !== 0 && !facesSurroundAxis(ctx, dep.faces, axis)) return null;
  // square to the axis, or drafted (a cast window's walls lean a few degrees so its core draws out)
  if (!allSquareOrDraftedTo(ctx, dep.faces, axis)) return null;
  const n = s.wallNormalCount;
  const outline = wallOutline(ctx, s, ctx.axes[axis]);
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
