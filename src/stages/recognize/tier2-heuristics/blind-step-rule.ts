/**
 * Blind steps: open to three mutually adjacent stock sides (a corner), not through. A slanted wall →
 * triangular; a curved wall → circular; else rectangular. Parameters: depth, length, width.
 *
 * A floor and walls slanted round it only, open to two adjacent sides (rule `blind-step (two sides)`): a triangular blind step
 * whose third open side is not a stock face — another cut (a step's slanted face, a slot) took the stock there. No
 * other class has that shape: a blind slot's walls are square, a pocket opens to one side only (session 10).
 * Floor, wall and end wall square to each other, open to two sides (rule `blind-step`): a rectangular blind step whose
 * third open side another cut took — a blind slot has two side walls facing each other (session 14).
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression, faceAxes, hasOpposedWalls, type DepressionShape } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import type { RuleContext } from './rule-context.js';
import { dot3 } from '../../../geometry/vec3.js';

export const blindStepRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 0) return null;
  if (s.openDirs.length === 2 && isSlantedCornerWithTwoOpenSides(ctx, s, dep.faces)) {
    const top = topDir(ctx, s);
    return { classId: CLASS.triangularBlindStep, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.6, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-step (two sides)' };
  }
  if (s.openDirs.length === 2 && isSquareCornerWithTwoOpenSides(s)) {
    const top = topDir(ctx, s);
    return { classId: CLASS.rectangularBlindStep, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-step' };
  }
  if (s.openDirs.length !== 3) return null;
  const classId = s.curved.length > 0 ? CLASS.circularBlindStep : s.slanted.length > 0 ? CLASS.triangularBlindStep : CLASS.rectangularBlindStep;
  const top = topDir(ctx, s);
  return { classId, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-step' };
};

/**
 * A floor and walls slanted round it, nothing else (no curved face, no other wall): a corner cut off by a slanted plane
 * down to a floor. Its two open sides are adjacent (`describeDepression` leaves opposite sides to `throughAxes`): the
 * floor's side and one the slanted wall faces, or — where another cut took the stock above the floor — the two sides
 * the slanted wall faces between.
 */
function isSlantedCornerWithTwoOpenSides(ctx: RuleContext, s: DepressionShape, faces: readonly number[]): boolean {
  if (s.curved.length > 0 || s.slanted.length === 0) return false;
  const floors = faces.filter((f) => !s.slanted.includes(f));
  if (floors.length === 0) return false;
  const d = s.dir.get(floors[0])!;
  if (d < 0 || floors.some((f) => s.dir.get(f) !== d)) return false;
  const up = ctx.dirVector(d);
  return s.slanted.every((f) => Math.abs(dot3(ctx.graph.faces[f].normal!, up)) < 0.03);
}

/**
 * Straight faces square to each other along all three axes, no two facing each other (no slot's side-wall pair), no
 * curved or slanted face: a rectangular blind step's floor, wall and end wall. Open to two sides only where another
 * cut took the stock on the third (session 14: a slanted step across that side, a slot along it).
 */
function isSquareCornerWithTwoOpenSides(s: DepressionShape): boolean {
  return s.curved.length === 0 && s.slanted.length === 0 && !hasOpposedWalls(s) && faceAxes(s).size === 3;
}

/** The open direction whose bottom faces have the most area: the side the step was cut from. */
function topDir(ctx: RuleContext, s: DepressionShape): number {
  const area = (d: number) => s.bottoms.filter((f) => s.dir.get(f) === d).reduce((a, f) => a + ctx.graph.faces[f].area, 0);
  return s.openDirs.reduce((best, d) => (area(d) > area(best) ? d : best), s.openDirs[0]);
}
