/**
 * The shipped {@link FaceContextModel}. Written by `tools/calibration/fit-face-context.ts` (also run by
 * `rechoose-combination.ts`) — do not edit by hand. Fitted on 24 real tune files and 200 generated dev parts (generated weighing 2× the real), commit e7535c2, 2026-12-04.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: -0.2315,
  logitProbability: 0.3742,
  tiersAgree: 0.8716,
  fromSecondary: -0.1485,
  agreeingLogitProbability: 0.5227,
});
