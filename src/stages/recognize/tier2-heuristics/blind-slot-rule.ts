/**
 * Blind slots: open to two adjacent stock sides (the top and one end), not through. Parameters: depth,
 * length, width.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';

export const blindSlotRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 0 || s.openDirs.length !== 2) return null;
  const curvedEnd = s.curved.length > 0;
  if (s.slanted.length > 0) return null;
  // the top is the open direction with the larger bottom area
  const area = (d: number) => s.bottoms.filter((f) => s.dir.get(f) === d).reduce((a, f) => a + ctx.graph.faces[f].area, 0);
  const top = area(s.openDirs[0]) >= area(s.openDirs[1]) ? s.openDirs[0] : s.openDirs[1];
  const classId = curvedEnd ? CLASS.hCircularEndBlindSlot : CLASS.rectangularBlindSlot;
  return { classId, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-slot' };
};
