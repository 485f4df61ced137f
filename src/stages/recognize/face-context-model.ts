/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.003, least cross-validated Brier), commit 3294a65, 2026-12-05.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.1928,
  logitProbability: 0.3746,
  tiersAgree: 0.8747,
  fromSecondary: -0.4872,
  agreeingLogitProbability: 0.4833,
  holePass: 2.3129,
  baseBodyStock: 0.7999,
  outlineStock: 1.3964,
  classOffsets: Object.freeze({
    chamfer: -0.2368,
    through_hole: 0.4057,
    triangular_passage: -0.8039,
    rectangular_passage: 0.1322,
    "6sides_passage": -0.2618,
    triangular_through_slot: -0.4934,
    rectangular_through_slot: -0.3752,
    circular_through_slot: 0.1843,
    rectangular_through_step: -0.5285,
    "2sides_through_step": 0.2167,
    slanted_through_step: -0.0632,
    Oring: 0.1484,
    blind_hole: 1.5472,
    triangular_pocket: 0.2718,
    rectangular_pocket: 0.9161,
    "6sides_pocket": 0.2330,
    circular_end_pocket: -0.5483,
    rectangular_blind_slot: -0.4196,
    v_circular_end_blind_slot: 0.3793,
    h_circular_end_blind_slot: -0.5793,
    triangular_blind_step: -0.0270,
    circular_blind_step: -0.1463,
    rectangular_blind_step: -0.4887,
    round: -0.5500,
    stock: 0.4197,
  }),
});
