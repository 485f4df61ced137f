/**
 * The shipped {@link FaceContextModel}. Written by `tools/calibration/fit-face-context.ts` (also run by
 * `rechoose-combination.ts`) — do not edit by hand. Fitted on 24 real tune files and 200 generated dev parts (generated weighing 2× the real), commit 7e5c5fc, 2026-12-04.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: -0.0515,
  logitProbability: 0.6350,
  tiersAgree: 0.5015,
  fromSecondary: -0.5064,
  agreeingLogitProbability: 0.3222,
});
