/**
 * The shipped {@link FaceContextModel}. Written by `tools/calibration/fit-face-context.ts` (also run by
 * `rechoose-combination.ts`) — do not edit by hand. Fitted on 24 real tune files and 200 generated dev parts (generated weighing 2× the real), commit 4641544, 2026-12-04.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: -0.6942,
  logitProbability: 0.1214,
  tiersAgree: 0.8080,
  bodyAgreement: 0.7937,
  fromSecondary: -0.1146,
  agreeingLogitProbability: 0.4827,
  bodyAgreementLogitProbability: 0.3523,
});
