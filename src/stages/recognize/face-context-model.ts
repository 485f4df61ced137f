/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.01, least cross-validated Brier), commit 94e4aba, 2026-12-07.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.6178,
  logitProbability: 0.1109,
  tiersAgree: 1.6891,
  fromSecondary: 0.1189,
  agreeingLogitProbability: 0.6163,
  holePass: 2.9814,
  baseBodyStock: 0.4509,
  outlineStock: 0.8516,
  classOffsets: Object.freeze({
    chamfer: -0.0698,
    through_hole: 0.2543,
    triangular_passage: 0.0521,
    rectangular_passage: -0.0241,
    "6sides_passage": -0.3913,
    triangular_through_slot: -0.0852,
    rectangular_through_slot: 0.2024,
    circular_through_slot: 0.0149,
    rectangular_through_step: -0.1327,
    "2sides_through_step": 0.0596,
    slanted_through_step: -0.2200,
    Oring: 0.1152,
    blind_hole: 0.3834,
    triangular_pocket: 0.0568,
    rectangular_pocket: -0.5912,
    "6sides_pocket": 0.1019,
    circular_end_pocket: -0.4235,
    rectangular_blind_slot: 0.1099,
    v_circular_end_blind_slot: 0.1154,
    h_circular_end_blind_slot: -0.0771,
    triangular_blind_step: 0.0334,
    circular_blind_step: -0.0821,
    rectangular_blind_step: 0.1603,
    round: -0.0638,
    stock: 0.4327,
  }),
});
