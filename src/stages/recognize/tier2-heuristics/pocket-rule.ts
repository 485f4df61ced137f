/**
 * Pockets: a depression open to exactly one stock side (its bottom faces that side). The wall count
 * gives the kind: 3 → triangular, 4 → rectangular, 6 → six-sided; curved walls → circular-end pocket. Two walls facing
 * each other with nothing across them → a through slot whose ends run out into other cuts (rule `pocket (run-out)`).
 * Parameters: depth, length, width (bbox of the pocket in the feature frame), wall count.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression, wallOutline, type DepressionShape } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import { dot3 } from '../../../geometry/vec3.js';
import { isCornerCutOut } from './floor-run-off.js';
import { meshBlendScraps } from './mesh-blend-scraps.js';
import { roundEndPieces } from './round-end-pieces.js';

/** The rule name of an obround pocket whose round ends a later cut shortened to slivers; it takes those blend faces. */
export const ROUND_END_POCKET_RULE = 'pocket (round end)';

export const pocketRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length > 0 || s.openDirs.length !== 1) return null;
  const top = s.openDirs[0];
  const bottoms = s.bottoms.filter((f) => s.dir.get(f) === top);
  if (bottoms.length === 0) return null;
  const depth = ctx.dirVector(top);
  // on a segmented mesh, small curved scraps of the pocket's radii ride along with it (mesh-blend-scraps.ts)
  const scraps = meshBlendScraps(ctx, dep, depth);
  const curved = s.curved.filter((f) => !scraps.has(f));
  if (curved.some((f) => ctx.graph.faces[f].kind !== 'cylinder')) return null;
  // a pocket's round ends stand along its depth; a cylinder across it is the end of a cut entered from another side
  // (a slot whose open side another feature took): left to the reopened depression
  if (curved.some((f) => { const a = ctx.graph.faces[f].axis; return a !== null && Math.abs(dot3(a, depth)) < 0.03; })) return null;
  // Two square walls and a floor that drops into other cuts on both open sides: a corner cut-out, a blind step by
  // its shape whatever cuts it opens into (docs/labelling.md; floor-run-off.ts).
  if (isCornerCutOut(ctx, dep, s, bottoms))
    return { classId: CLASS.rectangularBlindStep, faces: dep.faces, bottomFaces: bottoms, confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-step (run-off)' };
  // Two walls facing each other and nothing across them: no wall closes either end, which run out into other cuts —
  // a through slot's profile, not a pocket's (session 14)
  if (curved.length === 0 && s.slanted.length === 0 && isOpenEndedChannel(s)) {
    // unless what closes it is a round end a later cut shortened to fillet-like slivers (round-end-pieces.ts)
    const ends = roundEndPieces(ctx, dep.faces, s, depth);
    if (ends.length > 0) {
      const all = [...dep.faces, ...ends].sort((a, b) => a - b);
      return { classId: CLASS.circularEndPocket, faces: all, bottomFaces: bottoms, confidence: 0.75, parameters: boxParameters(ctx, all, top), rule: ROUND_END_POCKET_RULE };
    }
    return { classId: CLASS.rectangularThroughSlot, faces: dep.faces, bottomFaces: bottoms, confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'pocket (run-out)' };
  }
  let classId: number;
  // a convex cylinder in a B-Rep pocket is an island's wall (material left standing in it), not a round end of its outline
  if (curved.some((f) => { const g = ctx.graph.faces[f]; return g.inward || !g.boundary; })) classId = CLASS.circularEndPocket;
  else {
    const outline = wallOutline(ctx, s, depth);
    classId = outline === 'triangular' ? CLASS.triangularPocket : outline === 'rectangular' ? CLASS.rectangularPocket : CLASS.sixSidesPocket;
  }
  return {
    classId,
    faces: dep.faces,
    bottomFaces: bottoms,
    confidence: 0.8,
    parameters: { ...boxParameters(ctx, dep.faces, top), wallCount: s.wallNormalCount },
    rule: 'pocket',
  };
};

/** The walls stand along one axis only, facing each other across it (two or more walls, both sides present). */
function isOpenEndedChannel(s: DepressionShape): boolean {
  const dirs = new Set(s.walls.map((f) => s.dir.get(f)!));
  if (s.walls.length < 2 || [...dirs].some((d) => d < 0)) return false;
  const axes = new Set([...dirs].map((d) => d >> 1));
  return axes.size === 1 && dirs.size === 2;
}
