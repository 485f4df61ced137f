/**
 * Through slots: open to both ends of one axis and to one more side (the top), every face parallel to
 * the through axis. A bottom facing the top → rectangular; only slanted walls → triangular (V);
 * a curved bottom → circular. Parameters: depth, length (along the through axis), width.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { allPerpendicularTo, describeDepression } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';

export const throughSlotRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 1 || s.openDirs.length !== 1) return null;
  const axis = s.throughAxes[0];
  const top = s.openDirs[0];
  if (!allPerpendicularTo(ctx, dep.faces, axis)) return null;
  const bottoms = s.bottoms.filter((f) => s.dir.get(f) === top);
  let classId: number;
  if (s.curved.length > 0) classId = CLASS.circularThroughSlot;
  else if (bottoms.length > 0) classId = CLASS.rectangularThroughSlot;
  else if (s.slanted.length > 0) classId = CLASS.triangularThroughSlot;
  else return null;
  return { classId, faces: dep.faces, bottomFaces: bottoms, confidence: 0.8, parameters: boxParameters(ctx, dep.faces, top), rule: 'through-slot' };
};
