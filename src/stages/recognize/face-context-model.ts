/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.003, least cross-validated Brier), commit b4b7d9b, 2026-12-05.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.8370,
  logitProbability: 0.2434,
  tiersAgree: 0.8326,
  fromSecondary: -0.9843,
  agreeingLogitProbability: 0.5940,
  holePass: 2.0896,
  baseBodyStock: 0.4011,
  outlineStock: 0.4092,
  classOffsets: Object.freeze({
    chamfer: -0.1294,
    through_hole: 0.5883,
    triangular_passage: -0.7396,
    rectangular_passage: 0.2375,
    "6sides_passage": 0.1708,
    triangular_through_slot: -0.6066,
    rectangular_through_slot: 0.0825,
    circular_through_slot: 0.2025,
    rectangular_through_step: -0.2051,
    "2sides_through_step": 0.2215,
    slanted_through_step: -0.5561,
    Oring: 0.0515,
    blind_hole: 1.3554,
    triangular_pocket: 0.5107,
    rectangular_pocket: 0.5666,
    "6sides_pocket": 0.1202,
    circular_end_pocket: -0.7740,
    rectangular_blind_slot: -0.1446,
    v_circular_end_blind_slot: 0.1911,
    h_circular_end_blind_slot: -0.4602,
    triangular_blind_step: -0.0332,
    circular_blind_step: -0.3873,
    rectangular_blind_step: -0.0336,
    round: -0.4974,
    stock: 0.2773,
  }),
});
