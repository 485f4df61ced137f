/**
 * Blind slots: open to two adjacent stock sides (the top and one end), not through. Curved ends: a
 * half-cylinder (the far end of a slot cut across the edge) → v_circular_end, quarter-cylinders (the ends
 * of a slot along the edge) → h_circular_end. Parameters: depth, length, width.
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
  // a slot cut across the edge ends in a half-cylinder (v); one along the edge in quarter-cylinders (h)
  const halfRound = s.curved.some((f) => (ctx.graph.faces[f].spanRad ?? 0) >= 0.85 * Math.PI);
  const classId = !curvedEnd ? CLASS.rectangularBlindSlot : halfRound ? CLASS.vCircularEndBlindSlot : CLASS.hCircularEndBlindSlot;
  return { classId, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'blind-slot' };
};
