/**
 * The shipped {@link FaceContextModel}. Written by `tools/calibration/fit-face-context.ts` (also run by
 * `rechoose-combination.ts`) — do not edit by hand. Fitted on 24 real tune files and 200 generated dev parts (generated weighing 2× the real), commit 4295e71, 2026-12-04.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.1042,
  logitProbability: 0.3240,
  tiersAgree: 0.9101,
  fromSecondary: -0.5479,
  agreeingLogitProbability: 0.5494,
});
