/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 200 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.003, least cross-validated Brier), commit 2d6324c, 2026-12-05.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.2828,
  logitProbability: 0.3591,
  tiersAgree: 0.9530,
  fromSecondary: -0.6103,
  agreeingLogitProbability: 0.4730,
  holePass: 2.3946,
  baseBodyStock: 0.7925,
  outlineStock: 0.6928,
  classOffsets: Object.freeze({
    chamfer: -0.1089,
    through_hole: 0.6738,
    triangular_passage: -0.5902,
    rectangular_passage: -0.0463,
    "6sides_passage": -0.2537,
    triangular_through_slot: -0.3515,
    rectangular_through_slot: -0.0176,
    circular_through_slot: 0.1715,
    rectangular_through_step: -0.5098,
    "2sides_through_step": -0.0484,
    slanted_through_step: -0.5228,
    Oring: 0.1084,
    blind_hole: 1.6787,
    triangular_pocket: 0.4257,
    rectangular_pocket: 0.8895,
    "6sides_pocket": 0.2929,
    circular_end_pocket: -0.6235,
    rectangular_blind_slot: -0.8215,
    v_circular_end_blind_slot: 0.7602,
    h_circular_end_blind_slot: -0.3575,
    triangular_blind_step: -0.1049,
    circular_blind_step: -0.3380,
    rectangular_blind_step: -0.8113,
    round: -0.3677,
    stock: 0.4722,
  }),
});
