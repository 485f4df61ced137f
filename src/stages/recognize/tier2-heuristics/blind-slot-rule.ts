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
  const bottomFaces = s.bottoms.filter((f) => s.dir.get(f) === top);
  const parameters = boxParameters(ctx, dep.faces, top);
  // Straight walls and no face across the open end's axis (no end wall): a through slot whose far end runs
  // out into another feature, not a blind one.
  const end = s.openDirs[0] === top ? s.openDirs[1] : s.openDirs[0];
  if (!curvedEnd && !dep.faces.some((f) => s.dir.get(f)! >= 0 && s.dir.get(f)! >> 1 === end >> 1))
    return { classId: CLASS.rectangularThroughSlot, faces: dep.faces, bottomFaces, confidence: 0.75, parameters, rule: 'blind-slot (run-out)' };
  return { classId, faces: dep.faces, bottomFaces, confidence: 0.75, parameters, rule: 'blind-slot' };
};
