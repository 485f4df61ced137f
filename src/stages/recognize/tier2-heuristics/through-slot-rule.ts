/**
 * Through slots: open to both ends of one axis and to one more side (the top), every face parallel to
 * the through axis. A bottom facing the top → rectangular; only slanted walls → triangular (V);
 * a curved bottom → circular. Parameters: depth, length (along the through axis), width. A V of two or more faces
 * that do not all face the open side is not a slot (see {@link facesAwayFromTop}).
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { allPerpendicularTo, describeDepression, faceAxes, hasOpposedWalls } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import type { RuleContext } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';
import { planeCount } from './merge-fragments.js';

export const throughSlotRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 1 || s.openDirs.length !== 1) return null;
  const axis = s.throughAxes[0];
  const top = s.openDirs[0];
  if (!allPerpendicularTo(ctx, dep.faces, axis)) return null;
  const bottoms = s.bottoms.filter((f) => s.dir.get(f) === top);
  let classId: number;
  if (s.curved.length > 0) classId = CLASS.circularThroughSlot;
  // a floor and one side wall (no wall facing it) are a through step's profile whose side another cut took: through-step-rule.ts
  else if (bottoms.length > 0 && s.slanted.length === 0 && !hasOpposedWalls(s) && faceAxes(s).size === 2) return null;
  else if (bottoms.length > 0) classId = CLASS.rectangularThroughSlot;
  // a V needs two walls meeting in its root: one slanted plane alone (its pieces counted once) is a slanted step's face
  else if (s.slanted.length > 0 && planeCount(ctx, dep.faces) > 1 && !facesAwayFromTop(ctx, dep.faces, top)) classId = CLASS.triangularThroughSlot;
  else return null;
  return { classId, faces: dep.faces, bottomFaces: bottoms, confidence: 0.8, parameters: boxParameters(ctx, dep.faces, top), rule: 'through-slot' };
};

/**
 * Some planar face of the group faces away from the open side `top` (its normal's component along `top` is below
 * {@link AWAY_FROM_TOP_COS}). Both walls of a V slot face the side it was cut from; the two roof faces of a two-sided
 * through step face the step's access side, and where a later cut took one of the sides the roof reaches, the other
 * side reads as the only open one, which one roof face turns away from (generated dev parts, session 9).
 * @internal
 */
export function facesAwayFromTop(ctx: RuleContext, faces: readonly number[], top: number): boolean {
  const t = ctx.dirVector(top);
  return faces.some((f) => {
    const n = ctx.graph.faces[f].normal;
    return !!n && dot3(n, t) < AWAY_FROM_TOP_COS;
  });
}

/** A face whose normal's component along the open side is below this faces away from it (≈ 91°). */
const AWAY_FROM_TOP_COS = -0.02;
