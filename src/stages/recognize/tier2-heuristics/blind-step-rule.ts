/**
 * Blind steps: open to three mutually adjacent stock sides (a corner), not through. A slanted wall →
 * triangular; a curved wall → circular; else rectangular. Parameters: depth, length, width.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';

export const blindStepRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 0 || s.openDirs.length !== 3) return null;
  const classId = s.curved.length > 0 ? CLASS.circularBlindStep : s.slanted.length > 0 ? CLASS.triangularBlindStep : CLASS.rectangularBlindStep;
  const area = (d: number) => s.bottoms.filter((f) => s.dir.get(f) === d).reduce((a, f) => a + ctx.graph.faces[f].area, 0);
  const top = s.openDirs.reduce((best, d) => (area(d) > area(best) ? d : best), s.openDirs[0]);
  return { classId, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-step' };
};
